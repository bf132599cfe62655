"""The command-line tools' view of the configured PostgreSQL database (backup and restore)."""

import os
import shutil

from django.core.management.base import CommandError
from django.db import connections


def postgres_settings(alias="default") -> dict:
    """The connection settings of a PostgreSQL database, or a one-line error for SQLite."""
    settings_dict = connections[alias].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(
            "Backups with pg_dump need PostgreSQL (DATABASE_URL=postgres://…); "
            "for SQLite copy var/db.sqlite3 while no server runs."
        )
    return settings_dict


def pg_env(settings_dict: dict) -> dict:
    """Environment for pg_dump/pg_restore: the password never appears on a command line."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found: install postgresql-client (scripts/system_deps.sh)."
        )
    return path


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else "no message"
