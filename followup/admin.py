from django.contrib import admin

from followup.models import Action, ActionNote, ScheduleChange


class ActionNoteInline(admin.TabularInline):
    model = ActionNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["text", "review", "responsible", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["text", "responsible", "review__site__name"]
    raw_id_fields = ["review", "item_score", "area", "created_by"]
    inlines = [ActionNoteInline]


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(admin.ModelAdmin):
    list_display = ["site", "date", "previous_date", "changed_by", "changed_at"]
    search_fields = ["site__name", "reason"]
    raw_id_fields = ["site", "changed_by"]
