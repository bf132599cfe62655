import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, totp_code, totp_device

# What a field's save state reads once the autosave has stored it.
SAVED = re.compile(r"Gemt \d\d:\d\d")


def log_in(page, live_server, user):
    """Log in with the password and, when asked (administrators, leaders), with the code
    the person's authenticator shows, computed from its key."""
    enter_password(page, live_server, user)
    if "/login/totrin/" in page.url or "/konto/totrin/" in page.url:
        enter_code(page, totp_device(user))
    expect(page).not_to_have_url(re.compile(r"/login/"))


def enter_password(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Brugernavn").fill(user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def enter_code(page, device):
    if "/konto/totrin/" in page.url:
        # The persona has no app yet but the test made one: ask for the code page again.
        page.goto(page.url.replace("/konto/totrin/", "/login/totrin/"))
    page.get_by_label("Kode").fill(totp_code(device))
    page.get_by_role("button", name="Fortsæt").click()


def item(page, number):
    return page.locator(f"#item-{number}")


def choose_score(page, number, score):
    """Click the option of `score` (its label holds the anchor's words), once the page's
    scripts run: a click before the autosave script is listening changes the radio and saves
    nothing (seen once in CI under load, right after following a link to the page)."""
    page.wait_for_load_state("load")
    item(page, number).locator(f'label.anchor-label[for$="-{score}"]').click()


# Browser tests run against a live server, so each test commits and the database is flushed
# afterwards (tests/conftest.py then puts back the scales the data migration ships).
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
