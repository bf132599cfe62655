"""The Django admin site, entered by the access table's `can_use_admin_site` (not `is_staff`)."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.rules import user_access


class AdminSite(admin.AdminSite):
    site_header = _("IPS Fidelity – administration")
    site_title = _("IPS Fidelity")
    index_title = _("Administration")

    def has_permission(self, request):
        return request.user.is_active and user_access(request.user).can_use_admin_site

    def login(self, request, extra_context=None):
        """One way in, with the second factor: the app's own login page. A person who is
        logged in and may not use the admin site gets a 403, not a loop of redirects."""
        if request.user.is_authenticated:
            raise PermissionDenied(_("The administration is for administrators."))
        return redirect_to_login(request.GET.get("next") or request.path, "accounts:login")
