from django.utils.functional import SimpleLazyObject

from accounts.rules import user_access
from reviews.access import led_sites


def access_context(request):
    """What the navigation may offer the user, from the access policy; the sites a leader
    leads (read only when a page's navigation asks, one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = user_access(user)

    def nav_led_sites():
        return led_sites(user) if access.can_list_led_reports else []

    return {"user_access": access, "nav_led_sites": SimpleLazyObject(nav_led_sites)}
