from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from scales import scoring
from scales.models import Item, Scale


@login_required
def scale_list(request):
    # Grouped by scale, the newest version first (an aggregate drops Meta.ordering).
    scales = (
        Scale.objects.visible_to(request.user)
        .annotate(item_total=Count("items"))
        .order_by("code", "-version")
    )
    return render(request, "scales/scale_list.html", {"scales": scales})


@login_required
def scale_detail(request, pk):
    """The reference sheet reviewers keep open during a visit: every item with its anchors."""
    scale = get_object_or_404(
        Scale.objects.visible_to(request.user).prefetch_related(
            Prefetch("sections__items", queryset=Item.objects.prefetch_related("anchors")),
            "bands",
        ),
        pk=pk,
    )
    item_count = sum(len(section.items.all()) for section in scale.sections.all())
    lowest, highest = scoring.total_range(item_count)
    return render(
        request,
        "scales/scale_detail.html",
        {
            "scale": scale,
            "lowest": lowest,
            "highest": highest,
            "scores": scoring.score_range_label(),
        },
    )
