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
