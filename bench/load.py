"""Load benchmark: reviewers working on their drafts against gunicorn in production mode.

    .venv/bin/python bench/load.py [--levels 1,5,20] [--seconds 20] [--workers 3]
                                   [--instances 1|2] [--app-dir DIR]

Starts the app the way `make serve` does (scripts/serve.sh: debug off, collected static files
with the manifest, gunicorn) on a fresh PostgreSQL database, on 127.0.0.1 only (ports 8104
and 8105 unless --port is given). Each simulated reviewer logs in over HTTP and works on
their own IPS-25 draft (25 items scored, with remarks), alternating "open the review page"
and "autosave one remark" for --seconds per level. Per level it prints page and save
latency (p50/p95/max), page+save pairs per second, errors (any answer but 200, or a page
without the review), lost updates (a remark acknowledged as saved that the page does not
show afterwards), and the CPU the gunicorn workers used per pair (from /proc; PostgreSQL's
own CPU is not in it), and beside it the CPU of the PostgreSQL processes and of this client
per pair: on one machine the three share the cores.

With `--instances 2` two gunicorn servers run on the one database and every reviewer's
requests alternate between them: the login made on one is used on the other, the page comes
from one and the save goes to the other; afterwards a save on one server with the version
the other already moved past must answer 409 (a version conflict), then succeed with the
new version. `--app-dir` benchmarks another checkout of the app (e.g. `git worktree add
/tmp/base main`, with its own `make install`) with this driver.

The client runs on the same machine, so on a small machine it competes with the server for
the cores; read the figures as the whole machine's capacity.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from httpclient import Browser  # noqa: E402
from prodserver import (  # noqa: E402
    CLOCK_TICKS,
    Server,
    _cpu_ticks,
    fresh_database,
    production_env,
)

PASSWORD = "belastning-2026-kodeord"  # noqa: S105 - a throwaway database's reviewers

# Run by the app's own manage.py shell: reviewers, each with one draft on their own site.
SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from accounts import roles
from reviews import services
from sites.models import Region, Site
from scales.models import Scale

group = Group.objects.get(name=roles.REVIEWER)
region = Region.objects.create(name="Belastning")
scale = Scale.objects.published().get(code="ips-25")
out = []
for n in range(1, COUNT + 1):
    user = get_user_model().objects.create_user(
        f"load{n:02}", password=PASSWORD, first_name="Bedømmer", last_name=f"{n:02}"
    )
    user.groups.add(group)
    site = Site.objects.create(name=f"Belastning Kommune {n:02}", region=region)
    review = services.review_create(
        site=site, scale=scale, visit_date=datetime.date(2026, 10, 1), kind="external",
        lead=user, co_reviewers=(), created_by=user,
    )
    for row in review.item_scores.order_by("item__number"):
        row.score = 3
        row.remark = f"Bemærkning til item {row.item.number}. " * 8
        row.recommendation = f"Anbefaling til item {row.item.number}. " * 6
        row.save()
    first = review.item_scores.order_by("item__number").first()
    out.append({"username": user.username, "review": review.pk, "site": site.name,
                "row": first.pk, "version": first.version})
print("LOAD-SETUP " + json.dumps(out))
"""


def create_reviewers(app_dir: Path, env: dict, count: int) -> list[dict]:
    code = SETUP.replace("COUNT", str(count)).replace("PASSWORD", repr(PASSWORD))
    result = subprocess.run(  # noqa: S603 - the app's own manage.py
        [app_dir / ".venv/bin/python", "manage.py", "shell", "-c", code],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("LOAD-SETUP "))
    return json.loads(line.removeprefix("LOAD-SETUP "))


class Reviewer:
    """One person: a cookie jar shared by every server, their draft and its first row."""

    def __init__(self, info: dict, urls: list[str]):
        self.info = info
        self.urls = urls
        self.browser = Browser(urls[0], timeout=60)
        self.version = info["version"]
        self.turn = 0
        self.saved_text = None
        self.page_times, self.save_times, self.errors = [], [], []

    def _on_next_server(self):
        self.browser.base_url = self.urls[self.turn % len(self.urls)]
        self.turn += 1

    def log_in(self):
        self.browser.base_url = self.urls[0]
        self.browser.log_in(self.info["username"], PASSWORD)

    @property
    def page(self) -> str:
        return f"/reviews/{self.info['review']}/"

    def open_page(self):
        self._on_next_server()
        start = time.perf_counter()
        response = self.browser.get(self.page, follow=False)
        elapsed = time.perf_counter() - start
        if response.status != 200 or self.info["site"] not in response.text:
            self.errors.append(f"page {response.status} {response.headers.get('Location', '')}")
        return elapsed, response

    def save(self, text: str, version=None):
        self._on_next_server()
        path = f"/reviews/{self.info['review']}/items/{self.info['row']}/gem/"
        data = {"field": "remark", "value": text, "version": version or self.version}
        start = time.perf_counter()
        response = self.browser.post(path, data, follow=False)
        return time.perf_counter() - start, response

    def pair(self, n: int):
        elapsed, _ = self.open_page()
        self.page_times.append(elapsed)
        text = f"{self.info['username']} gemmer nr. {n}"
        elapsed, response = self.save(text)
        self.save_times.append(elapsed)
        if response.status == 200 and response.json().get("ok"):
            self.version = response.json()["version"]
            self.saved_text = text
        else:
            self.errors.append(f"save {response.status}")

    def lost_update(self) -> bool:
        """Whether the page no longer shows the last remark the server acknowledged."""
        if self.saved_text is None:
            return False
        _, response = self.open_page()
        match = re.search(
            rf'id="remark-{self.info["row"]}"[^>]*>\n?(.*?)</textarea>', response.text, re.S
        )
        return not match or unescape(match.group(1)).strip() != self.saved_text


def database_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on this machine (its server runs here too)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
        except OSError:
            continue
    return sum(_cpu_ticks(pid) for pid in pids) / CLOCK_TICKS


def percentile(values, p) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_level(reviewers: list[Reviewer], seconds: float, servers: list[Server]) -> dict:
    for reviewer in reviewers:
        reviewer.page_times, reviewer.save_times, reviewer.errors = [], [], []
        reviewer.open_page()  # warm-up, not counted
        reviewer.errors = []
    cpu_before = sum(server.cpu_seconds() for server in servers)
    client_before = time.process_time()  # this process: every simulated reviewer's thread
    database_before = database_cpu_seconds()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    def work(reviewer):
        while time.monotonic() < deadline:
            try:
                reviewer.pair(next(counter))
            except Exception as exc:  # a failed request is an error to count
                reviewer.errors.append(repr(exc))

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    cpu = sum(server.cpu_seconds() for server in servers) - cpu_before
    client_cpu = time.process_time() - client_before
    database_cpu = database_cpu_seconds() - database_before
    pages = [t for r in reviewers for t in r.page_times]
    saves = [t for r in reviewers for t in r.save_times]
    pairs = min(len(pages), len(saves))
    return {
        "users": len(reviewers),
        "pairs": pairs,
        "throughput": pairs / wall,
        "page": [percentile(pages, 50), percentile(pages, 95), max(pages)],
        "save": [percentile(saves, 50), percentile(saves, 95), max(saves)],
        "errors": sum(len(r.errors) for r in reviewers),
        "error_kinds": sorted({e for r in reviewers for e in r.errors})[:5],
        "lost": sum(r.lost_update() for r in reviewers),
        "cpu_ms_per_pair": cpu / pairs * 1000 if pairs else 0.0,
        "client_ms_per_pair": client_cpu / pairs * 1000 if pairs else 0.0,
        "database_ms_per_pair": database_cpu / pairs * 1000 if pairs else 0.0,
    }


def conflict_across(reviewer: Reviewer) -> str:
    """A save on one server, then one on the other with the version the first moved past."""
    reviewer.turn = 0
    old = reviewer.version
    _, first = reviewer.save("Gemt på den ene server", version=old)
    if first.status != 200:
        return f"FAILED: the first save answered {first.status}"
    reviewer.version = first.json()["version"]
    _, stale = reviewer.save("Forældet udgave fra den anden server", version=old)
    if stale.status != 409 or not stale.json().get("conflict"):
        return f"FAILED: the stale save on the other server answered {stale.status}"
    _, fresh = reviewer.save("Gemt på den anden server", version=reviewer.version)
    if fresh.status != 200:
        return f"FAILED: the save with the new version answered {fresh.status}"
    reviewer.version = fresh.json()["version"]
    return "ok (409 on the other server with the old version, 200 with the new one)"


def ms(values) -> str:
    return "/".join(f"{v * 1000:.0f}" for v in values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,5,20")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--instances", type=int, choices=(1, 2), default=1)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--port", type=int, default=8104, help="first port (the second: +1)")
    sys.path.insert(0, str(ROOT / "bench"))
    from _django import add_quick

    args = add_quick(parser, levels="1", seconds=2.0, workers=1)()
    app_dir = args.app_dir.resolve()
    levels = [int(level) for level in args.levels.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="ips-load-") as tmp,
        fresh_database(f"ips_prod_load_{os.getpid()}") as database_url,
    ):
        env = production_env(database_url, Path(tmp) / "static", DJANGO_LOG_LEVEL="WARNING")
        servers = []
        try:
            for n in range(args.instances):
                server = Server(
                    env=env,
                    log_path=Path(tmp) / f"server{n}.log",
                    workers=args.workers,
                    port=args.port + n,
                    app_dir=app_dir,
                    setup=n == 0,  # one database: the first server migrates it
                )
                servers.append(server.start().wait_ready())
            people = create_reviewers(app_dir, env, max(levels))
            reviewers = [Reviewer(info, [s.url for s in servers]) for info in people]
            for reviewer in reviewers:
                reviewer.log_in()
            print(
                f"{app_dir}: {args.instances} gunicorn instance(s) × {args.workers} workers on "
                f"PostgreSQL, {args.seconds:.0f} s per level, client on this machine "
                f"({os.cpu_count()} cores)"
            )
            print(
                "users  pairs  pairs/s  page p50/p95/max ms  save p50/p95/max ms  "
                "errors  lost  CPU ms/pair: server  database  client"
            )
            for level in levels:
                result = run_level(reviewers[:level], args.seconds, servers)
                print(
                    f"{result['users']:5}  {result['pairs']:5}  {result['throughput']:7.1f}  "
                    f"{ms(result['page']):>19}  {ms(result['save']):>19}  "
                    f"{result['errors']:6}  {result['lost']:4}  {result['cpu_ms_per_pair']:19.1f}  "
                    f"{result['database_ms_per_pair']:8.1f}  {result['client_ms_per_pair']:6.1f}"
                )
                if result["error_kinds"]:
                    print(f"       errors: {result['error_kinds']}")
            if args.instances == 2:
                print(
                    "across the two instances: every request alternated servers with one login "
                    "(sessions and saves above); version conflict: " + conflict_across(reviewers[0])
                )
        finally:
            for server in servers:
                server.stop()
        for n, server in enumerate(servers):
            failures = [line for line in server.log_text().splitlines() if "Traceback" in line]
            if failures:
                print(f"server {n} logged {len(failures)} tracebacks (see its log)")


if __name__ == "__main__":
    main()
