"""Screenshots of the høring and the information request (issue #14) on the demo data.

    export DATABASE_URL=sqlite:///var/hearing-shots.sqlite3 DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python scripts/hearing_screens.py [PORT]

Adds a second Vejle review (the demo reviewer alone, every item scored), takes the lead's
confirmation page, sends the draft for comments, lets the demo leader comment on the whole
and on item 5, and writes docs/hearing-*.png at 1280 and 390 px. A developer's tool.
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
# The script reads the demo's authenticator key and writes the comments between page
# loads, inside Playwright's event loop; nothing else runs in this process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
OUT = ROOT / "docs"
PASSWORD = "ips-demo-2026"  # noqa: S105 - the local demo's password
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VEJLE = [4, 3, 5, 5, 2, 4, 5, 3, 5, 2, 4, 5, 5, 4, 4, 5, 4, 4, 5, 5, 1, 5, 5, 3, 4]


def vejle_again():
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from reviews import services
    from reviews.models import Review
    from scales.models import Scale
    from sites.models import Site

    lead = get_user_model().objects.get(username="reviewer")
    site = Site.objects.get(name="Vejle Kommune")
    review = Review.objects.filter(site=site, status=Review.Status.DRAFT).first()
    if review is None:
        review = services.review_create(
            site=site,
            scale=Scale.objects.published().get(code="ips-25"),
            visit_date=date(2027, 4, 13),
            kind=Review.Kind.EXTERNAL,
            lead=lead,
            created_by=lead,
        )
        for row, score in zip(review.item_scores.order_by("item__number"), VEJLE, strict=True):
            row.score = score
            row.remark = "Set ved besøget og i journalerne."
            row.recommendation = "Fortsæt det gode arbejde."
            row.save()
        review.summary = "Vejle har god IPS fidelity."
        review.save()
    return review.pk


def comment(review_pk):
    from django.contrib.auth import get_user_model

    from reviews import services
    from reviews.models import HearingComment, Review

    if HearingComment.objects.filter(hearing__review_id=review_pk).exists():
        return
    review = Review.objects.get(pk=review_pk)
    leader = get_user_model().objects.get(username="leader")
    services.hearing_comment_add(
        review=review,
        user=leader,
        text="Tak for et grundigt udkast. Vi genkender billedet og går i gang med handleplanen.",
    )
    services.hearing_comment_add(
        review=review,
        user=leader,
        item=review.scale.items.get(number=5),
        text=(
            "Siden besøget deltager IPS-konsulenterne i behandlingskonferencerne hver uge; "
            "referaterne fra de seneste fire uger er vedlagt.\n\nKan det indgå i vurderingen?"
        ),
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(base, review):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import sync_playwright

    def code(username):
        device = TOTPDevice.objects.get(user__username=username)
        return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

        def session(username, viewport):
            page = browser.new_context(viewport=viewport, locale="da-DK").new_page()
            page.goto(base + "/login/")
            page.get_by_label("Brugernavn").fill(username)
            page.get_by_label("Adgangskode").fill(PASSWORD)
            page.get_by_role("button", name="Log ind").click()
            page.wait_for_load_state("networkidle")
            if "/totrin/" in page.url:
                page.get_by_label("Kode").fill(code(username))
                page.get_by_role("button", name="Fortsæt").click()
                page.wait_for_load_state("networkidle")
            return page

        def snap(page, name, full=False):
            page.wait_for_timeout(900)
            width = page.evaluate("document.documentElement.scrollWidth")
            print(f"{name}: page width {width}px")
            page.screenshot(path=str(OUT / f"hearing-{name}.png"), full_page=full)

        lead = session("reviewer", DESKTOP)
        lead_phone = session("reviewer", PHONE)
        if "send" in sys.argv:
            lead.goto(f"{base}/reviews/{review}/hoering/send/")
            snap(lead, "send-desktop")
            lead_phone.goto(f"{base}/reviews/{review}/hoering/send/")
            snap(lead_phone, "send-phone", full=True)
            lead.get_by_role("button", name="Send udkastet i høring").click()
            lead.wait_for_load_state("networkidle")
        comment(review)
        lead.goto(f"{base}/reviews/{review}/informationsanmodning/")
        snap(lead, "information-request-desktop")
        lead_phone.goto(f"{base}/reviews/{review}/informationsanmodning/")
        snap(lead_phone, "information-request-phone")
        lead.goto(f"{base}/reviews/{review}/")
        lead.evaluate(
            "document.querySelector('#item-5 [data-testid=item-comments]')"
            ".scrollIntoView({block: 'center'})"
        )
        snap(lead, "item-desktop")
        lead_phone.goto(f"{base}/reviews/{review}/")
        lead_phone.evaluate(
            "document.querySelector('#item-5 [data-testid=item-comments]').scrollIntoView()"
        )
        snap(lead_phone, "item-phone")
        lead.goto(f"{base}/reviews/{review}/hoering/")
        snap(lead, "reviewer-desktop", full=True)

        leader = session("leader", DESKTOP)
        leader.goto(f"{base}/reviews/{review}/hoering/")
        snap(leader, "leader-desktop", full=True)
        leader.goto(f"{base}/reviews/{review}/")
        snap(leader, "leader-draft-desktop")
        # One login per person and 30 seconds: the same code is not taken twice.
        leader.set_viewport_size(PHONE)
        leader.goto(f"{base}/reviews/{review}/hoering/")
        snap(leader, "leader-phone")
        browser.close()


def main():
    review = vejle_again()
    port = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else free_port()
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
        shoot(f"http://127.0.0.1:{port}", review)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
