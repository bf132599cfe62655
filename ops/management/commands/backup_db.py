"""`manage.py backup_db`: the whole PostgreSQL database into one pg_dump file."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.management.commands._pg import last_line, pg_env, postgres_settings, tool


class Command(BaseCommand):
    help = (
        "Write the database (reviews, scores, history, stored PDFs, accounts, e-mail queue) "
        "to one file in pg_dump's custom format; restore it with restore_db."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the file to write (default var/backups/ipsfidelity-<UTC time>.dump)",
        )

    def handle(self, *args, output=None, **options):
        db = postgres_settings()
        if output:
            path = Path(output)
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"ipsfidelity-{stamp}.dump"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        command = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl"]
        command += ["--file", str(partial), "--dbname", db["NAME"]]
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            command, env=pg_env(db), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {last_line(result.stderr)}")
        partial.chmod(0o600)
        partial.replace(path)
        self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
