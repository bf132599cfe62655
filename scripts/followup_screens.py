"""Screenshots of the follow-up pages (issue #14) on the demo data, desktop and phone.

    export DATABASE_URL=sqlite:///var/followup-shots.sqlite3 DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_demo --without-region
    .venv/bin/python manage.py runserver 127.0.0.1:PORT
    .venv/bin/python scripts/followup_screens.py http://127.0.0.1:PORT

Writes docs/followup-*.png (1280 px and 390 px wide). A developer's tool, not run by the tests.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")
OUT = ROOT / "docs"
PASSWORD = "ips-demo-2026"  # noqa: S105 - the local demo's password
SIZES = {"": {"width": 1280, "height": 900}, "-390": {"width": 390, "height": 844}}


def demo_pages():
    import django

    django.setup()
    from reviews.models import Review
    from sites.models import Site

    vejle = Review.objects.get(site__name="Vejle Kommune")
    fredericia = Review.objects.get(site__name="Fredericia Kommune", status=Review.Status.DRAFT)
    return {
        "plan": ("leader", f"/reviews/{vejle.pk}/handleplan/", None),
        "previous": ("reviewer", fredericia.get_absolute_url(), "#item-1"),
        "upcoming": ("reviewer", "/kommende-reviews/", None),
        "next-review": (
            "reviewer",
            f"/steder/{Site.objects.get(name='Vejle Kommune').pk}/naeste-review/",
            None,
        ),
    }


def code():
    from django_otp.oath import totp

    from demo.loading import DEMO_TOTP_KEY

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


def log_in(page, base, username):
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    if "/totrin/" in page.url:
        page.get_by_label("Kode").fill(code())
        page.get_by_role("button", name="Fortsæt").click()


def main(base):
    from playwright.sync_api import sync_playwright

    pages = demo_pages()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        # One login per person: an authenticator code works once.
        contexts = {}
        for suffix, viewport in SIZES.items():
            for name, (user, path, element) in pages.items():
                if user not in contexts:
                    contexts[user] = browser.new_context(locale="da-DK")
                    log_in(contexts[user].new_page(), base, user)
                page = contexts[user].new_page()
                page.set_viewport_size(viewport)
                page.goto(base + path)
                target = OUT / f"followup-{name}{suffix}.png"
                if element:
                    page.locator(f"{element} [data-previous-round] summary").click()
                    page.locator(element).screenshot(path=str(target))
                else:
                    page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
