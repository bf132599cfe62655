"""The loop after a review: the leader updates an action of the site's plan and notes how it
goes; a new review of the same site shows the previous round, folded, on its scoring page."""

import datetime

from playwright.sync_api import expect

from followup import services
from followup.models import Action
from tests.e2e_helpers import E2E, item, log_in
from tests.factories import finalize, make_review, make_site, score_all

pytestmark = E2E


def test_the_leader_keeps_the_plan_and_the_next_review_remembers_it(
    page, browser, live_server, reviewer, leader, placeholder_pdf
):
    site = make_site(leaders=[leader])
    review = make_review(
        lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2026, 3, 10)
    )
    finalize(score_all(review, [3] + [4] * 14), reviewer)
    row = review.item_scores.get(item__number=1)
    action = services.action_create(
        review=review,
        user=leader,
        item_score=row,
        text="Højst 20 kandidater pr. konsulent",
        responsible="IPS-leder",
        due_date=datetime.date(2026, 12, 1),
        status=Action.Status.NOT_STARTED,
    )

    log_in(page, live_server, leader)
    page.goto(live_server.url + review.get_absolute_url())
    page.locator("main").get_by_role("link", name="Handleplan").click()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Ikke startet")
    card.get_by_text("Skriv en note eller skift status").click()
    card.get_by_label("Status").select_option(label="Gennemført")
    card.get_by_label("Note").fill("Ny konsulent ansat 1. november")
    card.get_by_role("button", name="Gem noten").click()
    expect(page.get_by_text("Noten er gemt.")).to_be_visible()
    card = page.locator(f"#action-{action.pk}")
    expect(card.locator(".action-status")).to_have_text("Gennemført")
    expect(card).to_contain_text("Ny konsulent ansat 1. november")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

    new = make_review(lead=reviewer, site=site, scale="ips-15")
    lone = browser.new_context(locale="da-DK").new_page()
    log_in(lone, live_server, reviewer)
    lone.goto(live_server.url + new.get_absolute_url())
    previous = item(lone, 1).locator("details[data-previous-round]")
    expect(previous.locator("summary")).to_have_text("Forrige runde (10.03.2026): score 3")
    status = previous.get_by_text("Højst 20 kandidater pr. konsulent")
    expect(status).to_be_hidden()  # folded by default
    previous.locator("summary").click()
    expect(status).to_be_visible()
    expect(previous).to_contain_text("Gennemført")
    expect(previous).to_contain_text("Anbefaling til item 1")
    # Nothing copied: the new review's items have no score, remark or recommendation yet.
    expect(item(lone, 1).locator('input[type=radio][value="3"]')).not_to_be_checked()
    assert not new.item_scores.exclude(score=None).exists()
    assert not new.item_scores.exclude(remark="", recommendation="").exists()
