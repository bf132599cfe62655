"""Real parts for the worker tests: the task queue's cluster as `make worker` starts it, in a
process of its own, and an SMTP server on loopback that can hold an e-mail at DATA."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    """Accepts every e-mail, or holds the first one at DATA until `release` and refuses it:
    a mail server that never answered, for a client that died meanwhile."""

    def __init__(self, *, hold_first=False):
        self.accepted = []
        self.hold_first = hold_first
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first:
            self.hold_first = False
            self.holding.set()
            while not self.release.is_set():
                await _sleep(0.05)
            return "451 Requested action aborted: the client went away"
        self.accepted.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


async def _sleep(seconds):
    import asyncio

    await asyncio.sleep(seconds)


class SMTPServer:
    def __init__(self, handler):
        self.handler = handler
        self.port = free_port()
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.release.set()
        self.controller.stop()


def worker_env(database_url, smtp_port, **extra) -> dict:
    """The environment of `make worker` for a test: its database, the test's SMTP server, a
    short lease so a dead worker's task comes back within seconds."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_EMAIL_USE_TLS": "0",
        "DJANGO_TASK_TIMEOUT": "3",
        "DJANGO_TASK_RETRY": "4",
        "DJANGO_TASK_POLL": "0.2",
        "DJANGO_TASK_WORKERS": "1",
        "DJANGO_CONN_MAX_AGE": "0",
        **extra,
    }


class Cluster:
    """`manage.py qcluster` (what `make worker` runs) in a process group of its own."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self):
        """As a machine that loses power: every process of the cluster, at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def __exit__(self, *exc):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        return Path(self.log_path).read_text(encoding="utf-8", errors="replace")


def wait_for(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout} s for {what}")
