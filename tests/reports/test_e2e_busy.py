"""Slow work says so while the person waits: finalizing and a draft PDF. The server's answer
is replaced by "204 No Content", which leaves the browser on the page it was on: the page is
seen as it is while the person waits."""

from playwright.sync_api import expect

from tests.e2e_helpers import E2E, log_in
from tests.factories import make_review, make_site, score_all

pytestmark = E2E


def no_content(sent):
    def handle(route):
        if route.request.method == "POST" or route.request.url.endswith(".pdf"):
            sent.append(route.request.url)
            route.fulfill(status=204)
        else:
            route.continue_()

    return handle


def test_finalizing_shows_that_it_works_and_cannot_be_sent_twice(page, live_server, reviewer):
    review = score_all(make_review(lead=reviewer, site=make_site(), scale="ips-15"))
    log_in(page, live_server, reviewer)
    sent = []
    page.route("**/afslut/", no_content(sent))
    page.goto(f"{live_server.url}/reviews/{review.pk}/afslut/")
    page.get_by_label("Jeg har læst opsummeringen").check()
    button = page.get_by_role("button", name="Afslut review")
    button.click()
    status = page.locator("#finalize-busy")
    expect(status).to_contain_text("Reviewet afsluttes: rapporten dannes og gemmes.")
    expect(status).to_have_attribute("role", "status")
    expect(button).to_be_disabled()
    assert len(sent) == 1
    review.refresh_from_db()
    assert not review.is_finalized  # the answer never came: nothing happened on the server


def test_a_draft_pdf_says_it_is_being_made(page, live_server, reviewer):
    review = make_review(lead=reviewer, site=make_site(), scale="ips-15")
    log_in(page, live_server, reviewer)
    sent = []
    page.route("**/rapport.pdf", no_content(sent))
    page.goto(live_server.url + review.get_absolute_url())
    page.get_by_role("link", name="Hent udkast til rapport (PDF)").first.click()
    expect(page.locator("#pdf-busy")).to_contain_text("Udkastet til rapporten dannes")
    assert len(sent) == 1
