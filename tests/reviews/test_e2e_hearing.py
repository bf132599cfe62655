"""The høring in browsers: the lead sends the draft, a leader comments on an item, and the
reviewer finds the comment beside that item."""

from playwright.sync_api import expect

from outbox.models import Email
from tests.e2e_helpers import E2E, item, log_in
from tests.factories import make_review, make_site, score_all

pytestmark = E2E


def test_lead_sends_leader_comments_reviewer_sees_it_beside_the_item(
    browser, live_server, reviewer, leader
):
    leader.email = "lis@example.dk"
    leader.save(update_fields=["email"])
    review = score_all(make_review(lead=reviewer, site=make_site(leaders=[leader]), scale="ips-15"))

    rita = browser.new_context(locale="da-DK").new_page()
    log_in(rita, live_server, reviewer)
    rita.goto(live_server.url + review.get_absolute_url())
    rita.get_by_role("link", name="Send udkastet i høring …").click()
    expect(rita.get_by_role("heading", level=1)).to_have_text("Send udkastet i høring")
    expect(rita.get_by_label("Frist for kommentarer")).not_to_have_value("")
    rita.get_by_role("button", name="Send udkastet i høring").click()
    expect(rita.get_by_test_id("hearing-status")).to_contain_text("Udkastet blev sendt i høring")
    assert Email.objects.filter(kind="draft_for_comments", to="lis@example.dk").count() == 1

    lis = browser.new_context(locale="da-DK").new_page()
    log_in(lis, live_server, leader)
    lis.goto(live_server.url + review.get_absolute_url())
    expect(lis.get_by_test_id("hearing-box")).to_contain_text("Udkastet er i høring")
    item(lis, 4).get_by_role("link", name="Kommentér item 4").click()
    expect(lis.get_by_label("Kommentar til")).to_have_value(
        str(review.scale.items.get(number=4).pk)
    )
    lis.get_by_role("textbox", name="Kommentar").fill("Vi holder faktisk møde med teamet hver uge.")
    lis.get_by_role("button", name="Send kommentaren").click()
    expect(lis.get_by_role("status").first).to_be_visible()
    expect(lis.locator("main")).to_contain_text("Din kommentar er sendt til bedømmerne.")

    rita.goto(live_server.url + review.get_absolute_url())
    comments = item(rita, 4).get_by_test_id("item-comments")
    expect(comments).to_contain_text("Vi holder faktisk møde med teamet hver uge.")
    expect(comments).to_contain_text("Lis Leader")
    expect(item(rita, 5).get_by_test_id("item-comments")).to_have_count(0)
