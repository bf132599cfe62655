import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")

application = get_asgi_application()

from django.conf import settings  # noqa: E402 - after Django is set up

# Fail at start, not on the first request, when the key is missing.
try:
    settings.SECRET_KEY  # noqa: B018 - Django raises on an empty key
except ImproperlyConfigured as missing:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
    ) from missing
