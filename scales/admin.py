from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from scales import services
from scales.forms import PublishForm
from scales.models import Anchor, Band, Item, Ladder, Scale, Section
from toolkit.versioning import RevisionCheckedAdminForm


class FrozenParentInline:
    """Inline rows of a published or retired version are shown, never edited."""

    def _editable(self, obj):
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class SectionInline(FrozenParentInline, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "name"]


class BandInline(FrozenParentInline, admin.TabularInline):
    model = Band
    extra = 0
    fields = ["min_total", "max_total", "label", "level"]


class ItemInline(FrozenParentInline, admin.TabularInline):
    model = Item
    extra = 0
    fields = ["number", "name", "section"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(scale_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Scale)
class ScaleAdmin(admin.ModelAdmin):
    form = RevisionCheckedAdminForm
    list_display = ["label", "name", "edition_year", "version", "status", "items", "published_at"]
    list_filter = ["code", "status"]
    ordering = ["code", "-version"]
    fields = [
        "code",
        "name",
        "edition_year",
        "description",
        "version",
        "status",
        "published_at",
        "change_note",
        "revision_seen",
    ]
    readonly_fields = ["version", "status", "published_at", "change_note"]
    inlines = [SectionInline, ItemInline, BandInline]
    actions = ["create_new_version", "publish", "retire"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("items"), ordering="item_total")
    def items(self, obj):
        return obj.item_total

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.version = Scale.next_version(obj.code)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Create a new draft version from the selected"))
    def create_new_version(self, request, queryset):
        for scale in queryset:
            draft = services.scale_create_version(scale=scale)
            self.message_user(
                request,
                _("Created the draft %(draft)s. Edit it, then publish it.") % {"draft": draft},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected draft…"))
    def publish(self, request, queryset):
        """Publishing goes through a confirmation page with the change note, one version at
        a time."""
        drafts = list(queryset.filter(status=Scale.Status.DRAFT)[:2])
        if len(drafts) != 1 or queryset.count() != 1:
            self.message_user(
                request,
                _("Choose one draft to publish; versions are published one at a time."),
                messages.ERROR,
            )
            return None
        return redirect("admin:scales_scale_publish", drafts[0].pk)

    def get_urls(self):
        publish = path(
            "<int:pk>/publish/",
            self.admin_site.admin_view(self.publish_view),
            name="scales_scale_publish",
        )
        return [publish, *super().get_urls()]

    def publish_view(self, request, pk):
        """Confirm publishing a draft: what stops it, what changed since the version before,
        and the change note reviewers will read."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        scale = get_object_or_404(Scale, pk=pk, status=Scale.Status.DRAFT)
        form = PublishForm(request.POST or None)
        errors = scale.validation_errors()
        if request.method == "POST" and form.is_valid() and not errors:
            try:
                services.scale_publish(scale=scale, change_note=form.cleaned_data["change_note"])
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(request, _("Published %(scale)s.") % {"scale": scale})
                return redirect(reverse("admin:scales_scale_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Publish %(scale)s") % {"scale": scale},
            "scale": scale,
            "form": form,
            "errors": errors,
            "changes": services.scale_changes(scale),
            "published": Scale.objects.published().filter(code=scale.code).first(),
        }
        return TemplateResponse(request, "admin/scales/scale/publish.html", context)

    @admin.action(description=_("Retire the selected published versions"))
    def retire(self, request, queryset):
        self._apply(request, queryset, services.scale_retire, _("Retired %(scale)s."))

    def _apply(self, request, queryset, service, success):
        for scale in queryset:
            try:
                service(scale=scale)
            except ValidationError as exc:
                self.message_user(
                    request,
                    _("%(scale)s was not changed: %(errors)s")
                    % {"scale": scale, "errors": " ".join(exc.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(request, success % {"scale": scale}, messages.SUCCESS)


class AnchorInline(FrozenParentInline, admin.TabularInline):
    model = Anchor
    extra = 0
    max_num = 5
    fields = ["score", "text"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new item starts with five empty anchor rows, one per score.
        return 0 if obj else 5


class LadderInline(FrozenParentInline, admin.StackedInline):
    """The item's calculator: the numbers its anchors state, editable in a draft version."""

    model = Ladder
    extra = 0
    max_num = 1
    fields = [
        "quantity",
        "unit",
        "per_consultant",
        "direction",
        ("score_5", "score_4", "score_3", "score_2"),
    ]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = RevisionCheckedAdminForm
    list_display = ["number", "name", "section", "scale"]
    list_filter = ["scale"]
    list_select_related = ["section", "scale"]
    search_fields = ["name", "english_name", "definition"]
    fields = [
        "scale",
        "section",
        "number",
        "name",
        "english_name",
        "definition",
        "data_sources",
        "guidance",
        "revision_seen",
    ]
    inlines = [AnchorInline, LadderInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scale", "section")

    def get_readonly_fields(self, request, obj=None):
        return ["scale"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            if object_id:
                kwargs["queryset"] = Section.objects.filter(scale__items=object_id)
            else:
                kwargs["queryset"] = Section.objects.filter(scale__status=Scale.Status.DRAFT)
        if db_field.name == "scale":
            kwargs["queryset"] = Scale.objects.filter(status=Scale.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_frozen) and super().has_delete_permission(request, obj)
