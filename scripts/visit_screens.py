"""Screenshots of the visit-day pages (issue #12) on the demo data, desktop and phone.

    DATABASE_URL=sqlite:///var/shots.sqlite3 DJANGO_DEBUG=1 .venv/bin/python manage.py migrate
    DATABASE_URL=… DJANGO_DEBUG=1 .venv/bin/python manage.py load_demo
    DATABASE_URL=… DJANGO_DEBUG=1 .venv/bin/python scripts/visit_screens.py before|after

Adds a Horsens review with both reviewers' ratings done (the consensus open, items 9–25
disagreeing) to the demo, starts runserver on a free port, and writes docs/visit-<phase>-*.png.
Administrators and leaders pass the second factor with a code from the demo key.
A developer's tool, not run by the tests.
"""

import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")
OUT = ROOT / "docs"
PASSWORD = "ips-demo-2026"  # noqa: S105 - the local demo's password
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def kolding_in_consensus():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reviews import services
    from reviews.models import EvidenceSource, Review
    from scales.models import Scale
    from sites.models import Region, Site

    users = get_user_model().objects
    lead, second = users.get(username="reviewer"), users.get(username="reviewer2")
    site, _ = Site.objects.get_or_create(
        name="Horsens Kommune",
        defaults={
            "region": Region.objects.get(name="Region Syddanmark"),
            "jobcenter": "Jobcenter Horsens",
            "psychiatry_partner": "Lokalpsykiatrien i Horsens",
        },
    )
    review = Review.objects.filter(site=site).first()
    if review is None:
        review = services.review_create(
            site=site,
            scale=Scale.objects.published().get(code="ips-25"),
            visit_date=date(2026, 10, 6),
            kind=Review.Kind.EXTERNAL,
            lead=lead,
            co_reviewers=[second],
            created_by=lead,
        )
        items = list(review.scale.items.order_by("number"))
        for link, offset in ((review.reviewer_links.get(user=lead), 0), (None, 1)):
            link = link or review.reviewer_links.get(user=second)
            for item in items:
                rating = services.rating_for(link=link, item=item)
                base = 4 if item.number < 9 else 3
                rating.score = base + (offset * (1 + item.number % 2) if item.number >= 9 else 0)
                rating.score = min(rating.score, 5)
                rating.notes = "Set ved besøget." if offset == 0 else ""
                rating.save()
        for position, (kind, text, count, roles) in enumerate(
            [
                ("interview", "Interviews med IPS-konsulenter og leder", 4, "2 IPS-konsulenter"),
                ("record_review", "Gennemgang af journaler", 5, ""),
            ],
            start=1,
        ):
            EvidenceSource.objects.create(
                review=review,
                position=position,
                kind=kind,
                description=text,
                count=count,
                roles=roles,
            )
        review.reviewer_links.update(rating_done_at=timezone.now())
        services._prefill_unanimous(review, list(review.reviewer_links.all()))
    return review.pk


def demo_code():
    """The code an authenticator with the demo key shows now."""
    from django_otp.oath import totp

    from demo.loading import DEMO_TOTP_KEY

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(phase, port, kolding, fredericia, vejle):
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    widths = {}

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

        def session(username, viewport):
            context = browser.new_context(viewport=viewport, locale="da-DK")
            page = context.new_page()
            page.goto(base + "/login/")
            page.get_by_label("Brugernavn").fill(username)
            page.get_by_label("Adgangskode").fill(PASSWORD)
            page.get_by_role("button", name="Log ind").click()
            page.wait_for_load_state("networkidle")
            if "/login/totrin/" in page.url:
                page.get_by_label("Kode").fill(demo_code())
                page.get_by_role("button", name="Fortsæt").click()
                page.wait_for_load_state("networkidle")
            return page

        def snap(page, name, full=False):
            page.wait_for_timeout(1200)  # Bootstrap scrolls smoothly to an #anchor
            widths[name] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(OUT / f"visit-{phase}-{name}.png"), full_page=full)

        page = session("reviewer", DESKTOP)
        page.goto(f"{base}/reviews/{kolding}/")
        page.locator("#items").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('#item-9').scrollIntoView()")
        snap(page, "review-desktop")
        page.goto(f"{base}/reviews/{kolding}/konsensus/")
        page.evaluate("window.scrollBy(0, 420)")
        snap(page, "consensus-desktop")
        page.goto(f"{base}/reviews/{kolding}/")
        finalize = page.locator("#finalize").get_by_text("Afslut review").last
        finalize.click()
        page.wait_for_load_state("networkidle")
        snap(page, "finalize-desktop")
        page.goto(f"{base}/reviews/{fredericia}/bedoemmelse/")
        for number in (1, 2, 3):
            if phase == "before":
                page.locator(f"#item-{number} label.score-button", has_text="4").first.click()
            else:
                page.locator(f'#item-{number} label.anchor-label[for$="-4"]').click()
        page.wait_for_timeout(800)
        page.evaluate("window.scrollTo(0, 0)")
        snap(page, "rating-desktop")
        page.goto(f"{base}/reviews/{vejle}/konsensus/")
        page.evaluate("window.scrollBy(0, 300)")
        snap(page, "vejle-consensus-desktop")

        page = session("reviewer", PHONE)
        page.goto(f"{base}/reviews/{kolding}/")
        page.evaluate("document.querySelector('#evidence').scrollIntoView()")
        snap(page, "review-phone")
        page.goto(f"{base}/reviews/{kolding}/konsensus/")
        page.evaluate("document.querySelector('.item-row').scrollIntoView()")
        snap(page, "consensus-phone")

        page = session("leader", PHONE)
        page.goto(f"{base}/rapporter/")
        snap(page, "leader-reports-phone")

        page = session("regional", DESKTOP)
        page.goto(f"{base}/reviews/")
        snap(page, "my-reviews-desktop")

        page = session("admin", DESKTOP)
        snap(page, "admin-start-desktop")
        page.goto(f"{base}/scales/")
        snap(page, "scales-desktop")
        if phase == "after":
            page.goto(f"{base}/steder/")
            snap(page, "sites-desktop")
            page.goto(f"{base}/reviews/{vejle}/")
            snap(page, "vejle-review-desktop")
        browser.close()
    for name, width in sorted(widths.items()):
        print(f"{name}: page width {width}px")


def main():
    phase = sys.argv[1] if len(sys.argv) > 1 else "after"
    kolding = kolding_in_consensus()
    from reviews.models import Review

    fredericia = Review.objects.get(site__name="Fredericia Kommune", status="draft").pk
    vejle = Review.objects.get(site__name="Vejle Kommune").pk
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        shoot(phase, port, kolding, fredericia, vejle)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
