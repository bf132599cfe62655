"""`manage.py restore_db FILE`: a backup_db file into an empty PostgreSQL database."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops.management.commands._pg import last_line, pg_env, postgres_settings, tool


def _table_count(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return cursor.fetchone()[0]


class Command(BaseCommand):
    help = (
        "Restore a backup_db file into the configured database, which must be empty "
        "(create it fresh; --replace drops what is there first). Stop the app servers "
        "and the worker while restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by backup_db")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="drop the database's existing tables first (they are lost)",
        )

    def handle(self, *args, file, replace=False, **options):
        db = postgres_settings()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        if _table_count("default") and not replace:
            raise CommandError(
                f"The database {db['NAME']} is not empty: restore into a fresh database "
                "(createdb) or give --replace to drop what is there."
            )
        connections["default"].close()
        command = [tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error"]
        command += ["--single-transaction", "--dbname", db["NAME"]]
        if replace:
            command += ["--clean", "--if-exists"]
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [*command, str(path)], env=pg_env(db), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {last_line(result.stderr)}")
        self.stdout.write(f"Restored {path} into {db['NAME']}.")
