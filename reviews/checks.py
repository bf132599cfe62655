from django.conf import settings
from django.core.checks import Error


def secret_key_is_set(app_configs, **kwargs):
    if settings._wrapped.SECRET_KEY:
        return []
    return [
        Error(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.",
            hint="Set DJANGO_SECRET_KEY to a long random value (see the README).",
            id="ipsfidelity.E001",
        )
    ]
