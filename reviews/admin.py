from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    FinalizedReviewError,
    Review,
    ReviewReopening,
    ReviewReviewer,
)


class ReviewerInline(admin.TabularInline):
    model = ReviewReviewer
    extra = 0
    fields = ["user", "is_lead"]
    autocomplete_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        return (obj is None or not obj.is_finalized) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_finalized) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_finalized) and super().has_delete_permission(request, obj)


class ReopeningInline(admin.TabularInline):
    model = ReviewReopening
    extra = 0
    fields = ["reopened_at", "reopened_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    """Reviewers are assigned here; scoring happens on the review page of the app."""

    list_display = ["site", "visit_date", "scale", "round", "kind", "status"]
    list_filter = ["status", "kind", "scale", "site__region"]
    search_fields = ["site__name"]
    list_select_related = ["site", "scale"]
    date_hierarchy = "visit_date"
    fields = ["site", "scale", "round", "visit_date", "visit_end_date", "kind", "status"]
    readonly_fields = ["site", "scale", "round", "status"]
    inlines = [ReviewerInline, ReopeningInline]

    def has_add_permission(self, request):
        # A review is created on the app's "Ny review" page, which adds a score row per item.
        return False

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_finalized) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_finalized) and super().has_delete_permission(request, obj)

    def _finalized_now(self, pk) -> bool:
        # The history form hands over the review as it was then; what counts is its state now.
        return str(pk).isdigit() and Review.objects.filter(pk=pk).finalized().exists()

    def has_change_history_permission(self, request, obj=None):
        return not (obj and self._finalized_now(obj.pk)) and super().has_change_history_permission(
            request, obj
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting a finalized review to an old version is refused with a message."""
        if request.method == "POST" and self._finalized_now(object_id):
            messages.error(request, str(FinalizedReviewError()))
            return redirect(reverse("admin:reviews_review_history", args=[object_id]))
        return super().history_form_view(request, object_id, version_id, extra_context)
