"""The whole improvement loop in browsers (issue #14): a draft goes out for comments, a leader
comments, the reviewers answer in the text and finalize, the leader makes and updates an
action of the plan, and the site's next review shows the previous round on its scoring page.
The e-mails go through the outbox and its worker into Django's in-memory backend."""

import datetime

from playwright.sync_api import expect

from followup.models import Action
from reviews.models import Review
from tests.e2e_helpers import E2E, SAVED, item, log_in
from tests.factories import make_review, make_site, score_all

pytestmark = E2E


def mails(mailoutbox, run_tasks):
    run_tasks()
    return [(message.to, message.subject) for message in mailoutbox]


def test_draft_comments_final_report_action_plan_and_the_next_review(
    browser, live_server, reviewer, leader, mailoutbox, run_tasks, placeholder_pdf
):
    leader.email = "lis@example.dk"
    leader.save(update_fields=["email"])
    site = make_site("Vejle Kommune", leaders=[leader])
    review = score_all(
        make_review(lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2026, 9, 7)),
        [3] + [4] * 14,
    )

    # The lead reviewer sends the draft for comments; the leader is told by e-mail.
    rita = browser.new_context(locale="da-DK").new_page()
    log_in(rita, live_server, reviewer)
    rita.goto(live_server.url + review.get_absolute_url())
    rita.get_by_role("link", name="Send udkastet i høring …").click()
    rita.get_by_role("button", name="Send udkastet i høring").click()
    expect(rita.get_by_test_id("hearing-status")).to_contain_text("Udkastet blev sendt i høring")
    sent = mails(mailoutbox, run_tasks)
    assert len(sent) == 1
    assert sent[0][0] == ["lis@example.dk"]
    assert "Vejle Kommune" in sent[0][1]

    # The leader reads the draft and comments on item 1.
    lis = browser.new_context(locale="da-DK").new_page()
    log_in(lis, live_server, leader)
    lis.goto(live_server.url + review.get_absolute_url())
    expect(lis.get_by_test_id("hearing-box")).to_contain_text("Udkastet er i høring")
    item(lis, 1).get_by_role("link", name="Kommentér item 1").click()
    lis.get_by_role("textbox", name="Kommentar").fill("Vi har ansat en konsulent mere i oktober.")
    lis.get_by_role("button", name="Send kommentaren").click()
    expect(lis.locator("main")).to_contain_text("Din kommentar er sendt til bedømmerne.")

    # The reviewer sees the comment beside the item, writes the answer into the remark and
    # finalizes; the leader is told the final report is ready.
    rita.goto(live_server.url + review.get_absolute_url())
    expect(item(rita, 1).get_by_test_id("item-comments")).to_contain_text(
        "Vi har ansat en konsulent mere i oktober."
    )
    remark = item(rita, 1).get_by_label("Bemærkning")
    remark.fill("Fire konsulenter; en femte ansat i oktober (lederens kommentar i høringen).")
    remark.blur()
    expect(item(rita, 1).locator("[data-save-state]")).to_have_text(SAVED)
    rita.get_by_role("link", name="Afslut review …").click()
    rita.get_by_label("Jeg har læst opsummeringen").check()
    rita.get_by_role("button", name="Afslut review").click()
    expect(rita.get_by_text("Reviewet er afsluttet og kan nu kun læses.")).to_be_visible()
    review.refresh_from_db()
    assert review.status == Review.Status.FINALIZED
    assert not review.hearings.filter(closed_at=None).exists()
    sent = mails(mailoutbox, run_tasks)
    assert len(sent) == 2
    assert sent[1][0] == ["lis@example.dk"]
    assert sent[1][1] != sent[0][1]  # the final report's own notice

    # The leader turns the recommendation of item 1 into an action, then updates it.
    lis.goto(live_server.url + review.get_absolute_url())
    lis.locator("main").get_by_role("link", name="Handleplan").click()
    lis.get_by_role("link", name="Ny handling til item 1.").first.click()
    lis.get_by_role("textbox", name="Handling").fill("Højst 20 kandidater pr. konsulent")
    lis.get_by_label("Ansvarlig").fill("IPS-leder")
    lis.get_by_label("Frist").fill("2027-02-01")
    lis.get_by_role("button", name="Gem handlingen").click()
    action = Action.objects.get(review=review)
    card = lis.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Højst 20 kandidater pr. konsulent")
    card.get_by_text("Skriv en note eller skift status").click()
    card.get_by_label("Status").select_option(label="I gang")
    card.get_by_label("Note").fill("Caseload nede på 22 i januar")
    card.get_by_role("button", name="Gem noten").click()
    expect(lis.get_by_text("Noten er gemt.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS

    # The next review of the site remembers the last: item 1's score, remark and the action.
    new = make_review(lead=reviewer, site=site, scale="ips-15")
    rita.goto(live_server.url + new.get_absolute_url())
    previous = item(rita, 1).locator("details[data-previous-round]")
    expect(previous.locator("summary")).to_have_text("Forrige runde (07.09.2026): score 3")
    previous.locator("summary").click()
    expect(previous).to_contain_text("en femte ansat i oktober")
    expect(previous).to_contain_text("Højst 20 kandidater pr. konsulent")
    expect(previous).to_contain_text("I gang")
    assert not new.item_scores.exclude(score=None).exists()
