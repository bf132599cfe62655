"""Shared set-up of the benchmarks: a throwaway SQLite database, production-like settings."""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(tmp):
    """Point Django at `tmp`/bench.sqlite3 with debug off, migrate, and return."""
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ipsfidelity.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SECRET_KEY": "benchmark-only",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")


def add_quick(parser, **quick):
    """`--quick`: the CI's run (.ci/run, `make bench-quick`), which checks that the benchmark
    still runs and prints its figures with small sizes; it asserts nothing about time.
    `quick` gives the small values of the script's own options."""
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: check that it runs (the CI)"
    )

    def parse(argv=None):
        args = parser.parse_args(argv)
        if args.quick:
            for name, value in quick.items():
                setattr(args, name, value)
        return args

    return parse


def verified_client(user):
    """A test client logged in as `user`, past the second factor as after a real login with
    the code of the person's confirmed authenticator (administrators and leaders need it)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.secondfactor import REQUIRED_SESSION_KEY

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[REQUIRED_SESSION_KEY] = True
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
