"""A note being written survives a closed tab, and leaves the browser when it is sent or the
reviewer logs out (in Chromium)."""

from playwright.sync_api import expect

from tests.e2e_helpers import E2E, log_in
from tests.factories import make_review
from visits.models import Note, Session

pytestmark = E2E

STORED = "() => Object.keys(localStorage).filter(k => k.startsWith('ipsfidelity:unsaved:note:'))"


def test_a_note_being_written_survives_a_closed_tab_and_leaves_on_logout(
    page, live_server, reviewer
):
    review = make_review(lead=reviewer, scale="ips-15")
    Session.objects.create(
        review=review, kind="interview", title="Teamlederen", created_by=reviewer
    )
    log_in(page, live_server, reviewer)
    url = f"{live_server.url}/reviews/{review.pk}/besoeg/"
    page.goto(url)
    page.get_by_text("Skriv en note").click()
    page.get_by_label("Note").fill("Lederen beskriver samarbejdet med psykiatrien.")
    # The tab is closed before the note is sent; a new tab opens the page again.
    page.close()
    page = page.context.new_page()
    page.goto(url)
    field = page.get_by_label("Note")
    expect(field).to_have_value("Lederen beskriver samarbejdet med psykiatrien.")
    expect(page.get_by_test_id("note-restored")).to_be_visible()
    page.get_by_role("button", name="Gem noten").click()
    expect(page.get_by_test_id("note")).to_have_count(1)
    assert Note.objects.get().text == "Lederen beskriver samarbejdet med psykiatrien."
    # Sent: nothing kept in the browser, the empty form is not filled again.
    assert page.evaluate(STORED) == []
    expect(page.get_by_label("Note")).to_have_value("")
    # A second note half written, then the reviewer logs out on a shared machine.
    page.get_by_text("Skriv en note").click()
    page.get_by_label("Note").fill("Halvt skrevet.")
    assert len(page.evaluate(STORED)) == 1
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(live_server.url + "/login/")
    assert page.evaluate(STORED) == []
