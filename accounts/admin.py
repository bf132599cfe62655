from django.contrib import admin

from accounts.models import AccessLogEntry, Invitation


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is only ever added to (and pruned by `prune_access_log`)."""

    list_display = ("at", "user", "action", "subject", "path", "ip_address")
    list_filter = ("action",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "subject", "path")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("user", "invited_by", "sent_at", "accepted_at")
    list_select_related = ("user", "invited_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
