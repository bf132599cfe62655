import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD


def log_in(page, live_server, user):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Brugernavn").fill(user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def item(page, number):
    return page.locator(f"#item-{number}")


def choose_score(page, number, score):
    item(page, number).locator("label.score-button", has_text=str(score)).click()


# Browser tests run against a live server, so each test commits and the database is flushed
# afterwards (tests/conftest.py then puts back the scales the data migration ships).
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
