import os
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
    "DJANGO_ALLOWED_HOSTS": "fidelity.example.dk",
    "DATABASE_URL": "postgres://ips@db.example.dk:5432/ipsfidelity",
}


def run_manage(*args, env_overrides, clear=()):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in clear}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_secret_key_is_required_when_debug_is_off():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = run_manage("check", "--deploy", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import ipsfidelity.wsgi"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert wsgi.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in wsgi.stderr


def test_makemigrations_runs_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "", "DATABASE_URL": "sqlite:///:memory:"}
    result = run_manage("makemigrations", "--check", "--dry-run", env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_defaults_are_danish_and_copenhagen():
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.USE_TZ is True


def test_sqlite_file_database_uses_wal_and_lets_a_second_writer_wait(tmp_path):
    """Two processes write at once; the second waits for the lock instead of failing."""
    script = textwrap.dedent(
        """
        import os, sys, time, django
        os.environ["DJANGO_SETTINGS_MODULE"] = "ipsfidelity.settings"
        django.setup()
        from django.db import connection, transaction
        with connection.cursor() as c:
            c.execute("PRAGMA journal_mode")
            print("mode", c.fetchone()[0])
            c.execute("CREATE TABLE IF NOT EXISTS t (who TEXT)")
        with transaction.atomic():
            with connection.cursor() as c:
                # Read before writing: a deferred transaction would fail here on the
                # lock upgrade ("database is locked") instead of waiting its turn.
                c.execute("SELECT count(*) FROM t")
                c.execute("INSERT INTO t VALUES (%s)", [sys.argv[1]])
            print("holding the write lock", flush=True)
            time.sleep(float(sys.argv[2]))
        print("done", sys.argv[1])
        """
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test",
    }
    first = subprocess.Popen(
        [sys.executable, "-c", script, "first", "1.5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Start the second writer only once the first holds the write lock.
    first_lines = [first.stdout.readline(), first.stdout.readline()]
    assert "holding the write lock" in first_lines[1], first_lines
    second = subprocess.Popen(
        [sys.executable, "-c", script, "second", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outs = [p.communicate(timeout=60) for p in (first, second)]
    outs[0] = ("".join(first_lines) + outs[0][0], outs[0][1])
    for (out, err), proc in zip(outs, (first, second), strict=True):
        assert proc.returncode == 0, err
        assert "mode wal" in out
    assert "done first" in outs[0][0]
    assert "done second" in outs[1][0]


@pytest.mark.parametrize("folder", ["locale", "locale_thirdparty"])
def test_the_danish_catalogue_is_complete_and_compiled(folder):
    po_path = ROOT / folder / "da/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po.translated_entries()
    }
    assert compiled == source, "run `make messages` to recompile django.mo"


@pytest.mark.parametrize("path", ["/login/"])
def test_pages_load_vendored_assets_only(client, db, path):
    html = client.get(path).text
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "https://" not in html


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
