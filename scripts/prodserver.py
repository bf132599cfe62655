"""Start and stop the app in production mode for the smoke test and the load benchmark.

Both start the server through `scripts/serve.sh` (as `make serve` does), on a free loopback
port and a fresh PostgreSQL database this module creates and drops. Nothing here imports
Django, so it can drive another checkout of the app (`--app-dir`).
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "scripts" / "serve.sh"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_sql(sql: str):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fresh_database(name: str):
    """A new, empty PostgreSQL database for the duration of the block, dropped afterwards."""
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str, static_root: Path, **extra: str) -> dict:
    """The environment of a production server reached over plain HTTP on loopback.

    Only DJANGO_HTTPS=0 is relaxed (README, "Plain HTTP on loopback").
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "0",
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_LOG_LEVEL": "INFO",
            **extra,
        }
    )
    return env


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


class Process:
    """A command in its own process group, its output in a log file."""

    def __init__(self, command, *, env, log_path: Path, cwd: Path = ROOT):
        self.command = [str(c) for c in command]
        self.env = env
        self.cwd = cwd
        self.log_path = Path(log_path)
        self.proc = None

    def start(self):
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - our own scripts
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=30):
        if not self.alive():
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class Server(Process):
    """gunicorn through scripts/serve.sh; `setup=False` skips collectstatic and migrate."""

    def __init__(self, *, env, log_path, workers=3, port=None, app_dir=ROOT, setup=True):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [SERVE, "--bind", f"127.0.0.1:{self.port}", "--workers", workers]
        command += ["--app-dir", app_dir] + ([] if setup else ["--no-setup"])
        super().__init__(command, env=env, log_path=log_path, cwd=app_dir)

    def wait_ready(self, timeout=180):
        """Wait until /healthz/ answers 200 (set-up included) or fail with the log's tail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"the server stopped:\n{self.log_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer in {timeout} s:\n{self.log_text()[-3000:]}")

    def worker_pids(self) -> list[int]:
        return _children(self.proc.pid) if self.alive() else []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the gunicorn workers have used so far."""
        return sum(_cpu_ticks(pid) for pid in self.worker_pids()) / CLOCK_TICKS
