import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, for the login lockout and the access log alike.

    Behind a proxy (DJANGO_TRUST_X_FORWARDED_FOR) the last X-Forwarded-For entry, the one
    our own proxy appended; earlier entries are whatever the client claimed.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
