from django.contrib import admin

from outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: administrators see what went out and what failed, and why."""

    list_display = [
        "created_at",
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "interrupted",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Email._meta.fields]

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Email._meta.fields if f.name != "id"]
        if obj is not None and obj.secret:
            fields.remove("body")  # a one-time link is the recipient's alone
        return fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
