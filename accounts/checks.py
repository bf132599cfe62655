from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured


def secret_key_is_set(app_configs, **kwargs):
    try:
        if settings.SECRET_KEY:
            return []
    except ImproperlyConfigured:
        pass
    return [
        Error(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.",
            hint="Set DJANGO_SECRET_KEY to a long random value (see the README).",
            id="ipsfidelity.E001",
        )
    ]


def require_secret_key():
    """Called by the WSGI and ASGI entry points: fail at start, not on the first request."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises on an empty key
    except ImproperlyConfigured as missing:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        ) from missing
