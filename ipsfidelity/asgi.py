import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")

application = get_asgi_application()

from django.conf import settings  # noqa: E402 - after Django is set up

if not settings._wrapped.SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
