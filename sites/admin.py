from django.contrib import admin

from sites.forms import leader_choices, person_name
from sites.models import Cluster, Region, Site, SkippedRound


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "order", "psychiatry"]
    list_editable = ["order"]
    list_filter = ["region"]
    ordering = ["region", "order", "name"]


class SkippedRoundInline(admin.TabularInline):
    model = SkippedRound
    extra = 0
    fields = ["scale_code", "round", "reason"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    inlines = [SkippedRoundInline]
    list_display = ["name", "region", "cluster", "jobcenter", "psychiatry_partner", "active"]
    list_filter = ["region", "cluster", "active"]
    search_fields = ["name", "jobcenter", "psychiatry_partner"]
    filter_horizontal = ["leaders"]
    list_select_related = ["region", "cluster"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only people with the Leder role can lead a site, shown by name (sites/forms.py).
        if db_field.name == "leaders":
            kwargs["queryset"] = leader_choices()
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = person_name
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)
