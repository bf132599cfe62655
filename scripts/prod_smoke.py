"""The production stage of CI: the app as a server runs it, checked over plain HTTP.

    .venv/bin/python scripts/prod_smoke.py

Creates a fresh PostgreSQL database, starts the app through scripts/serve.sh (debug off,
collectstatic with the manifest into a new directory, migrate, gunicorn on a free loopback
port) and the task queue's worker (`make worker`), loads the demo data, then over HTTP: each
role logs in and opens its main pages, a reviewer creates a review, saves every score and the
summary, downloads the draft, finalizes and downloads the final report, the leader downloads
it, the administrator the overview PDF. Fails unless every PDF embeds Carlito and has
"Side X af Y" on every page, and the server's log shows no blocked fetch and no error.
Drops the database and stops every process it started, also on failure.
"""

import datetime
import hashlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpclient import Browser
from prodserver import ROOT, Process, Server, fresh_database, production_env

DEMO_PASSWORD = "ips-demo-2026"  # noqa: S105 - the demo's published password
# What must never appear in the server's or the worker's log.
LOG_FAILURES = re.compile(
    r"blocked a fetch|Traceback \(most recent call last\)|Internal Server Error|"
    r"\[(ERROR|CRITICAL)\]|WORKER TIMEOUT"
)


class Smoke:
    def __init__(self, url):
        self.url = url
        self.failures = []
        self.pdfs = {}

    def check(self, condition, what):
        if not condition:
            self.failures.append(what)
        return condition

    def page(self, browser, path, *, status=200, contains=None):
        response = browser.get(path)
        self.check(response.status == status, f"GET {path}: {response.status}, not {status}")
        if contains:
            self.check(contains in response.text, f"GET {path}: no {contains!r}")
        return response

    def pdf(self, name, browser, path, *, draft):
        from toolkit.pdfcheck import page_texts, pdf_problems

        response = browser.get(path)
        ok = self.check(
            response.status == 200 and response.headers["Content-Type"] == "application/pdf",
            f"{name} PDF: {response.status} {response.headers['Content-Type']}",
        )
        if not ok:
            return b""
        for problem in pdf_problems(response.body):
            self.failures.append(f"{name} PDF: {problem}")
        pages = page_texts(response.body)
        if draft is not None:
            marked = [("UDKAST" in text) for text in pages]
            self.check(all(marked) if draft else not any(marked), f"{name} PDF: UDKAST mark")
        self.pdfs[name] = response.body
        return response.body


def site_wide(smoke, anonymous):
    """What needs no login: health, static files from the manifest, the service worker,
    favicon, error page."""
    health = anonymous.get("/healthz/")
    smoke.check(health.status == 200 and health.json() == {"status": "ok"}, "GET /healthz/")
    login = smoke.page(anonymous, "/login/", contains="Log ind")
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login.text)
    if smoke.check(css, "the login page links no hashed app.css"):
        response = anonymous.get(css.group(1), headers={"Accept-Encoding": "gzip"})
        smoke.check(response.status == 200, f"GET {css.group(1)}: {response.status}")
        smoke.check(response.headers["Content-Encoding"] == "gzip", "app.css not compressed")
        smoke.check("immutable" in response.headers["Cache-Control"], "app.css not immutable")
    # The service worker (offline use) names the hashed static files, and each is there.
    worker = anonymous.get("/offline-sw.js")
    smoke.check(worker.status == 200, f"GET /offline-sw.js: {worker.status}")
    smoke.check("javascript" in worker.headers["Content-Type"], "offline-sw.js is no script")
    assets = re.findall(r'"(/static/[^"]+)"', worker.text)
    smoke.check(len(assets) >= 10, f"offline-sw.js keeps {len(assets)} static files")
    for asset in assets:
        kept = anonymous.get(asset)
        smoke.check(kept.status == 200, f"offline-sw.js keeps {asset}: {kept.status}")
        smoke.check(re.search(r"\.[0-9a-f]{12}\.", asset), f"offline-sw.js: {asset} not hashed")
    favicon = anonymous.get("/favicon.ico")
    smoke.check(favicon.status == 200 and favicon.body[:4] == b"\0\0\1\0", "GET /favicon.ico")
    smoke.page(anonymous, "/findes-ikke/", status=404, contains="Siden findes ikke")


def reviewer_flow(smoke):
    """Create a review, score it over the autosave endpoints, finalize it, download both PDFs."""
    from reviews.models import ItemScore, Review
    from scales.models import Scale
    from sites.models import Site

    browser = Browser(smoke.url)
    browser.log_in("reviewer", DEMO_PASSWORD)
    smoke.page(browser, "/reviews/", contains="Mine reviews")
    form = smoke.page(browser, "/reviews/ny/")
    site = Site.objects.get(name="Vejle Kommune")
    scale = Scale.objects.published().get(code="ips-15")
    token = browser.cookie("csrftoken")
    created = browser.post(
        "/reviews/ny/",
        {
            "csrfmiddlewaretoken": token,
            "site": site.pk,
            "scale": scale.pk,
            "visit_date": datetime.date.today().isoformat(),
            "kind": "external",
        },
    )
    match = re.search(r"/reviews/(\d+)/$", created.url)
    if not smoke.check(match and form.status == 200, f"creating a review: {created.url}"):
        return None
    review = Review.objects.get(pk=int(match.group(1)))
    smoke.page(browser, f"/reviews/{review.pk}/", contains="Vejle Kommune")
    for row in ItemScore.objects.filter(review=review).order_by("item__number"):
        saved = browser.post(
            f"/reviews/{review.pk}/items/{row.pk}/gem/",
            {"field": "score", "value": "4", "version": row.version},
        )
        smoke.check(saved.status == 200 and saved.json()["ok"], f"score save: {saved.status}")
    stale = browser.post(
        f"/reviews/{review.pk}/items/{row.pk}/gem/",
        {"field": "remark", "value": "Gammel udgave", "version": row.version},
    )
    smoke.check(stale.status == 409 and stale.json()["conflict"], "a stale save is refused")
    summary = browser.post(
        f"/reviews/{review.pk}/gem/",
        {"field": "summary", "value": "Resumé fra røgtesten.", "version": review.version},
    )
    smoke.check(summary.status == 200 and summary.json()["ok"], "summary save")
    smoke.pdf("draft", browser, f"/reviews/{review.pk}/rapport.pdf", draft=True)
    finalized = browser.post(f"/reviews/{review.pk}/afslut/", {"confirm": "on"})
    smoke.check("afsluttet" in finalized.text, "finalizing: no confirmation")
    review.refresh_from_db()
    smoke.check(review.is_finalized, "the review was not finalized")
    final = smoke.pdf("final", browser, f"/reviews/{review.pk}/rapport.pdf", draft=False)
    stored = review.final_reports.order_by("-created_at").first()
    smoke.check(
        stored and stored.sha256 == hashlib.sha256(final).hexdigest(),
        "the final download is not the stored report",
    )
    return review


def demo_code():
    """The code an authenticator app with the demo key shows now (README, the demo)."""
    from django_otp.oath import totp

    from demo.loading import DEMO_TOTP_KEY

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


def leader_flow(smoke, review):
    browser = Browser(smoke.url)
    browser.log_in("leader", DEMO_PASSWORD, code=demo_code)
    smoke.page(browser, "/", contains="Vejle Kommune")
    smoke.page(browser, f"/reviews/{review.pk}/")
    response = browser.get(f"/reviews/{review.pk}/rapport.pdf")
    smoke.check(response.body == smoke.pdfs.get("final"), "the leader gets another report")


def admin_flow(smoke, review):
    browser = Browser(smoke.url)
    browser.log_in("admin", DEMO_PASSWORD, code=demo_code)
    smoke.page(browser, "/admin/", contains="IPS Fidelity")
    smoke.page(browser, "/", contains="Alle reviews")
    smoke.page(browser, "/steder/", contains="Vejle Kommune")
    smoke.page(browser, "/overblik/?scale=ips-15")
    smoke.page(browser, f"/reviews/{review.pk}/rapport/dan-igen/", contains="forbliver")
    smoke.pdf("overview", browser, "/overblik.pdf?scale=ips-15", draft=None)
    out = browser.post("/logout/", {})
    smoke.check(out.status == 200 and "/login/" in out.url, "logging out")


def email_through_the_worker(smoke, worker):
    """An e-mail queued in the database is sent by the worker (console back end here)."""
    from outbox.models import Email
    from outbox.services import email_queue

    email = email_queue(to="smoke@example.org", subject="Røgtest", body="Hej", kind="smoke")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and email.status == Email.Status.QUEUED:
        time.sleep(0.3)
        email.refresh_from_db()
    smoke.check(email.status == Email.Status.SENT, f"the worker did not send: {email.status}")
    smoke.check(worker.alive(), "the worker stopped")


def log_failures(name, text):
    lines = text.splitlines()
    return [f"{name} log: {line.strip()}" for line in lines if LOG_FAILURES.search(line)]


def main():
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="ips-smoke-") as tmp,
        fresh_database(f"ipsfidelity_smoke_{os.getpid()}") as database_url,
    ):
        env = production_env(
            database_url,
            Path(tmp) / "static",
            # No mail server on a CI machine: the worker prints the e-mail instead of sending.
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        )
        server = Server(env=env, workers=2, log_path=Path(tmp) / "server.log")
        worker = Process(
            ["make", "--no-print-directory", "worker"], env=env, log_path=Path(tmp) / "worker.log"
        )
        smoke = Smoke(server.url)
        try:
            server.start().wait_ready()
            print(f"server ready in {time.monotonic() - started:.0f} s at {server.url}")
            Process(
                [ROOT / ".venv/bin/python", "manage.py", "load_demo", "--without-region"],
                env=env,
                log_path=Path(tmp) / "demo.log",
            ).start().proc.wait(300)
            worker.start()
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "ipsfidelity.settings"
            sys.path.insert(0, str(ROOT))
            import django

            django.setup()
            site_wide(smoke, Browser(server.url))
            review = reviewer_flow(smoke)
            if review is not None:
                leader_flow(smoke, review)
                admin_flow(smoke, review)
            email_through_the_worker(smoke, worker)
        finally:
            worker.stop()
            server.stop()
        smoke.failures += log_failures("server", server.log_text())
        smoke.failures += log_failures("worker", worker.log_text())
        pdfs = ", ".join(f"{name} {len(pdf) // 1024} kB" for name, pdf in smoke.pdfs.items())
    print(f"PDFs checked: {pdfs or 'none'}")
    print(f"production smoke test: {time.monotonic() - started:.0f} s")
    if smoke.failures:
        print("FAILED:\n  " + "\n  ".join(smoke.failures), file=sys.stderr)
        return 1
    print("production smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
