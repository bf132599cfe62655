"""The worker as it runs in production (`make worker`: the task queue's cluster in a process of
its own, a real SMTP server): an e-mail whose worker dies mid-send is sent by the next one and
recorded as what happened, and the worker outlives a restart of PostgreSQL."""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from outbox.models import Email
from outbox.services import email_queue
from tests.workers import ROOT, Cluster, Handler, SMTPServer, free_port, wait_for, worker_env


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def status(email):
    return Email.objects.values_list("status", flat=True).get(pk=email.pk)


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_worker_died_mid_send_is_sent_by_the_next_worker(tmp_path):
    handler = Handler(hold_first=True)
    with SMTPServer(handler) as smtp:
        email = email_queue(
            to="lis@example.dk", subject="Rapporten er klar", body="Se rapporten.", kind="test"
        )
        env = worker_env(database_url(), smtp.port)
        with Cluster(env, tmp_path / "first.log") as first:
            wait_for(handler.holding.is_set, timeout=60, what="the first attempt to reach DATA")
            first.kill()
        handler.release.set()
        email.refresh_from_db()
        # The dead worker's attempt is on record: the e-mail is not "queued" as if untried.
        assert (email.status, email.attempts) == (Email.Status.SENDING, 1)

        with Cluster(env, tmp_path / "second.log") as second:
            wait_for(lambda: status(email) == Email.Status.SENT, timeout=60, what="the resend")
            assert second.alive()

    email.refresh_from_db()
    assert (email.attempts, email.interrupted) == (2, 1)
    assert "Forsøg 1 stoppede" in email.last_error
    # The server accepted it once, with the Message-ID every attempt carries.
    assert len(handler.accepted) == 1
    assert f"Message-ID: {email.message_id}" in handler.accepted[0]


def pg_binary(name) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed (scripts/system_deps.sh installs it)")
    return str(found[-1])


def as_postgres(*command, check=True):
    """PostgreSQL's own programs refuse to run as root."""
    runuser = shutil.which("runuser")
    prefix = [runuser, "-u", "postgres", "--"] if runuser else []
    return subprocess.run([*prefix, *command], check=check, capture_output=True)


class PrivateServer:
    """A PostgreSQL server of the test's own on a free port: stopping and starting it touches
    no other test's database."""

    def __init__(self):
        # Not under pytest's own temporary folder, which only root may enter.
        self.directory = Path(tempfile.mkdtemp(prefix="ipsfidelity-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()

    def __enter__(self):
        shutil.chown(self.directory, "postgres")
        as_postgres(pg_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        return self

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        # The server's output to a file: a pipe it inherited would hold pg_ctl's caller.
        log = str(self.directory / "server.log")
        as_postgres(
            pg_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self):
        as_postgres(pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc):
        as_postgres(
            pg_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False
        )


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


QUEUE_ONE = (
    "from outbox.services import email_queue; "
    "email_queue(to='lis@example.dk', subject='Efter genstart', body='Hej', kind='test')"
)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="runs with the PostgreSQL run of the suite (its own server, but PostgreSQL's)",
)
def test_the_worker_outlives_a_restart_of_postgresql(tmp_path):
    handler = Handler()
    with PrivateServer() as server, SMTPServer(handler) as smtp:
        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE ipsfidelity")
        env = worker_env(server.url("ipsfidelity"), smtp.port)
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "createcachetable")
        with Cluster(env, tmp_path / "worker.log") as cluster:
            wait_for(lambda: "running" in cluster.output(), timeout=60, what="the cluster")
            server.stop()
            time.sleep(4)  # the worker meets the database gone (and keeps trying)
            server.start()
            manage(env, "shell", "-c", QUEUE_ONE)
            wait_for(lambda: handler.accepted, timeout=90, what="an e-mail after the restart")
            assert cluster.alive()
            # It met the database gone, and went on.
            assert "Failed to pull task from broker" in cluster.output()
    assert "Subject: Efter genstart" in handler.accepted[0]
