from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sso.models import IdentityProvider, MappingRule, SignOnAttempt


class MappingRuleInline(admin.StackedInline):
    model = MappingRule
    extra = 1
    filter_horizontal = ("sites", "regions")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "entity_id", "minimum_level", "active")
    readonly_fields = ("entity_id", "app_metadata")
    fields = ("name", "metadata", "entity_id", "minimum_level", "active", "app_metadata")
    inlines = [MappingRuleInline]

    @admin.display(description=_("This app's metadata"))
    def app_metadata(self, obj):
        url = reverse("sso:metadata")
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(SignOnAttempt)
class SignOnAttemptAdmin(admin.ModelAdmin):
    """What happened at each login through an identity provider: read only."""

    list_display = ("at", "provider", "outcome", "cvr", "level", "user")
    list_filter = ("outcome", "provider")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
