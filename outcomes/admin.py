from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import OutcomePeriod


@admin.register(OutcomePeriod)
class OutcomePeriodAdmin(SimpleHistoryAdmin):
    list_display = ["site", "start", "end", "candidates_in_course", "closed_courses", "source"]
    list_filter = ["site__region", "site"]
    list_select_related = ["site"]
    date_hierarchy = "end"
    readonly_fields = ["updated_at", "updated_by"]
