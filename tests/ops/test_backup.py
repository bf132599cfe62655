"""Backups (issue 10, point 8): backup_db writes the database with pg_dump, restore_db puts
it back into a fresh database, and every review, score, change record and stored PDF comes
back identical. PostgreSQL only; on SQLite the commands refuse with a one-line error."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from reports.models import FinalReport
from reviews.models import ItemScore, Review
from tests.factories import finalize, make_review, make_site, score_all

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    Review._meta.db_table,
    ItemScore._meta.db_table,
    Review.history.model._meta.db_table,
    ItemScore.history.model._meta.db_table,
    FinalReport._meta.db_table,
]

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump/pg_restore back up PostgreSQL only",
)


def _dsn(name: str) -> str:
    settings_dict = connection.settings_dict
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    return f"postgresql://{user}{password}@{host}:{settings_dict['PORT'] or 5432}/{name}"


def _snapshot(dsn: str) -> dict:
    """Every row of the review tables, and each stored PDF's SHA-256 computed afresh."""
    snapshot = {}
    with psycopg.connect(dsn) as conn:
        for table in TABLES:
            rows = conn.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1').fetchall()  # noqa: S608
            snapshot[table] = [row[0] for row in rows]
        pdfs = conn.execute(f'SELECT id, pdf, sha256 FROM "{FinalReport._meta.db_table}"')  # noqa: S608
        snapshot["pdf"] = {pk: (hashlib.sha256(pdf).hexdigest(), sha) for pk, pdf, sha in pdfs}
    return snapshot


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore(path, database_name, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _dsn(database_name).replace("postgresql", "postgres"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore_db", str(path), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_review_score_change_and_pdf(
    tmp_path, fresh_database, reviewer, other_reviewer
):
    final = make_review(lead=reviewer)
    score_all(final)
    finalize(final, reviewer)
    draft = make_review(lead=other_reviewer, site=make_site("Aarhus Kommune"))
    score_all(draft, [3] * draft.item_scores.count(), summary="Kladde – æøå <b>")
    path = tmp_path / "ips.dump"

    call_command("backup_db", "--output", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    result = _restore(path, fresh_database)
    assert result.returncode == 0, result.stderr
    before, after = (
        _snapshot(_dsn(connection.settings_dict["NAME"])),
        _snapshot(_dsn(fresh_database)),
    )
    assert after == before
    assert len(before[Review._meta.db_table]) == 2
    assert len(before[ItemScore._meta.db_table]) == 50
    assert len(before[Review.history.model._meta.db_table]) > 2
    assert before["pdf"]
    assert all(fresh == stored for fresh, stored in after["pdf"].values())
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, reviewer):
    make_review(lead=reviewer)
    path = tmp_path / "ips.dump"
    call_command("backup_db", "--output", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    result = _restore(path, connection.settings_dict["NAME"])

    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert Review.objects.count() == 1


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite refusal"
)
@pytest.mark.django_db
def test_backup_on_sqlite_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup_db", "--output", str(tmp_path / "x.dump"))
