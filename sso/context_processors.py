from django.urls import reverse
from django.utils.http import urlencode

from accounts import secondfactor
from sso import config
from sso.models import IdentityProvider


def sign_on(request):
    """The identity providers the login page offers (asked only by the pages that show
    them), and whether this session came through one (its logout goes through it too)."""

    def providers():
        if not config.is_configured():
            return []
        url = reverse("sso:login")
        nxt = request.GET.get("next", "")
        return [
            (
                provider.name,
                f"{url}?{urlencode({'idp': provider.entity_id, **({'next': nxt} if nxt else {})})}",
            )
            for provider in IdentityProvider.objects.filter(active=True)
        ]

    session = getattr(request, "session", None)
    return {
        "sign_on_providers": providers,
        "signed_on": session is not None and secondfactor.SIGNED_ON_SESSION_KEY in session,
    }
