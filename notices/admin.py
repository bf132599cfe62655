from django.contrib import admin

from notices.models import NoticeOptOut


@admin.register(NoticeOptOut)
class NoticeOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
