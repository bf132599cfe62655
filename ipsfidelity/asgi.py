import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")

application = get_asgi_application()

from accounts.checks import require_secret_key  # noqa: E402 - needs Django set up

require_secret_key()
