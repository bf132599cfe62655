"""Scoring and writing notes without a network (in Chromium, with the app's service worker):
the network is cut, the reviewer scores and writes, closes the page, opens it again still
offline, and once the network is back every word is on the server exactly once."""

import re

import pytest
from playwright.sync_api import expect

from reviews.models import ItemScore
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_review
from visits.models import Note, Session

pytestmark = E2E

KEPT = "() => Object.keys(localStorage).filter(k => k.startsWith('ipsfidelity:'))"
CACHES = "async () => (await caches.keys()).filter(n => n.startsWith('ipsfidelity-'))"


@pytest.fixture
def context(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    yield context
    context.close()


def cut(context, network):
    """No network: the relay to the server closes every connection and takes no new one,
    and the browser knows it is offline (Chromium's offline mode alone once let a request
    through after its page was closed)."""
    network.cut()
    context.set_offline(True)


def restore(context, network):
    network.restore()
    context.set_offline(False)


def wait_for(predicate, page, timeout=20_000):
    """Poll the database (the browser sends in the background)."""
    waited = 0
    while not predicate():
        assert waited < timeout, "the browser did not send what it kept"
        page.wait_for_timeout(250)
        waited += 250


def test_scores_and_notes_written_offline_reach_the_server_once(context, network, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    Session.objects.create(
        review=review, kind="interview", title="IPS-konsulenterne", created_by=reviewer
    )
    review_url = network.url + review.get_absolute_url()
    visit_url = f"{review_url}besoeg/"
    page = context.new_page()
    log_in(page, network, reviewer)
    page.goto(review_url)
    expect(page.locator("body[data-offline-ready='1']")).to_have_count(1)
    page.get_by_role("button", name="Tag med offline").click()
    expect(page.locator("#take-offline-status")).to_contain_text("Taget med offline")

    # The network goes: the review page is still there, and it says so.
    cut(context, network)
    page.reload()
    banner = page.get_by_test_id("unsent-banner")
    expect(banner).to_contain_text("Du er offline")
    choose_score(page, 1, 4)
    remark = item(page, 1).get_by_label("Bemærkning")
    remark.fill("Skrevet uden net – jobudvikling hver uge.")
    remark.blur()
    expect(item(page, 1).locator("[data-save-state]")).to_contain_text("Ikke gemt")
    expect(banner).to_contain_text("2 ændringer er ikke sendt endnu")

    # The visit page opens offline too; a note waits in the browser's queue.
    page.goto(visit_url)
    page.get_by_text("Skriv en note").click()
    page.get_by_label("Note").fill("Konsulenterne møder arbejdsgivere hver uge.")
    page.get_by_role("button", name="Gem noten").click()
    expect(page.get_by_test_id("pending-note")).to_contain_text("Konsulenterne møder")
    expect(page.get_by_test_id("unsent-banner")).to_contain_text("ikke sendt endnu")

    # The page is closed; opened again, still offline, everything is there.
    page.close()
    page = context.new_page()
    page.goto(review_url)

    expect(item(page, 1).get_by_label("Bemærkning")).to_have_value(
        "Skrevet uden net – jobudvikling hver uge."
    )
    expect(item(page, 1).locator("input[type=radio][value='4']")).to_be_checked()
    # Two tabs of the visit page hold the same queued note.
    second, third = context.new_page(), context.new_page()
    for tab in (second, third):
        tab.goto(visit_url)
        expect(tab.get_by_test_id("pending-note")).to_have_count(1)
    assert Note.objects.count() == 0
    assert ItemScore.objects.get(review=review, item__number=1).remark == ""

    # The network is back: every tab sends what it kept, and each word arrives once.
    # (The browser's "online" event sets them off.)
    restore(context, network)
    expect(item(page, 1).locator("[data-save-state]")).to_have_text(SAVED, timeout=20_000)
    wait_for(lambda: Note.objects.exists(), page)
    expect(second.get_by_test_id("note")).to_have_count(1, timeout=20_000)
    expect(second.get_by_test_id("pending-note")).to_have_count(0)
    expect(third.get_by_test_id("note")).to_have_count(1, timeout=20_000)
    row = ItemScore.objects.get(review=review, item__number=1)
    assert (row.score, row.remark) == (4, "Skrevet uden net – jobudvikling hver uge.")
    assert list(Note.objects.values_list("text", flat=True)) == [
        "Konsulenterne møder arbejdsgivere hver uge."
    ]
    expect(page.get_by_test_id("unsent-banner")).to_be_hidden()
    assert page.evaluate(KEPT) == []

    # Logging out leaves nothing of the review in the browser: no kept page, no queue.
    assert page.evaluate(CACHES)
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("body[data-offline-cleared='1']")).to_have_count(1)
    assert page.evaluate(CACHES) == []
    assert page.evaluate(KEPT) == []
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )
