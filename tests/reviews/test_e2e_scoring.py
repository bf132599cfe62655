"""The scoring pages as a reviewer uses them on a visit day: the item index, keys 1–5, the
anchors as the options, live progress, and refusals shown where the person is."""

import re

from playwright.sync_api import expect

from reviews import services
from reviews.models import Rating
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_review, rate

pytestmark = E2E


def chip(page, number):
    return page.locator(f'[data-index-item="{number}"]')


def test_rating_with_the_index_the_keys_and_the_live_progress(
    page, live_server, reviewer, other_reviewer
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + f"/reviews/{review.pk}/bedoemmelse/")
    progress = page.locator("[data-rating-progress]")
    expect(progress).to_have_text("0 af 15 items bedømt")
    expect(page.locator("[data-item-index]")).to_have_attribute("open", "")
    expect(page.get_by_text("Tasterne 1–5 giver det item, du står i, en score")).to_be_visible()

    # The options are the anchors: the words of score 4 are its label.
    anchor = review.scale.items.get(number=1).anchors.get(score=4).text
    expect(item(page, 1).get_by_label(anchor)).to_have_attribute("value", "4")

    # A jump from the index focuses the item; a key scores it and the index follows.
    chip(page, 3).click()
    expect(item(page, 3)).to_be_focused()
    page.keyboard.press("4")
    expect(item(page, 3).locator('input[value="4"]')).to_be_checked()
    expect(item(page, 3).locator("[data-save-state]")).to_have_text(SAVED)
    expect(chip(page, 3)).to_have_attribute("data-state", "scored")
    expect(chip(page, 3)).to_contain_text("scoret")
    expect(progress).to_have_text("1 af 15 items bedømt")

    # Keys never score while one writes.
    notes = item(page, 3).get_by_label("Mine noter (kun for bedømmerne)")
    notes.click()
    page.keyboard.type("2 konsulenter")
    expect(notes).to_have_value("2 konsulenter")
    expect(item(page, 3).locator('input[value="4"]')).to_be_checked()
    choose_score(page, 5, 2)
    expect(progress).to_have_text("2 af 15 items bedømt")
    assert Rating.objects.get(reviewer__user=reviewer, item__number=3).score == 4

    # The index stays in reach at the bottom of the page.
    page.get_by_role("button", name="Markér min bedømmelse som færdig").scroll_into_view_if_needed()
    box = page.locator("[data-item-index]").bounding_box()
    assert 0 <= box["y"] < 200

    # Refused: the reasons are at the top, focused, with a link to each item still missing.
    page.get_by_role("button", name="Markér min bedømmelse som færdig").click()
    problems = page.locator("#problems")
    expect(problems).to_be_focused()
    expect(problems).to_contain_text("Item 1, 2, 4 og 6–15 mangler en score i din bedømmelse.")
    expect(problems.get_by_role("link")).to_have_count(13)
    problems.get_by_role("link", name="6. ").click()
    expect(page).to_have_url(re.compile(r"#item-6$"))

    # On a phone the index is folded and opens on demand. The page is opened at phone width
    # (a phone does not resize; a resize's media-query event can land after the click).
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    index = page.locator("[data-item-index]")
    expect(index).not_to_have_attribute("open", "")
    index.get_by_text("Oversigt over items").click()
    expect(chip(page, 9)).to_be_visible()
    chip(page, 9).click()
    expect(item(page, 9)).to_be_focused()
    expect(index).not_to_have_attribute("open", "")


def test_the_consensus_shows_the_anchors_given_and_finalizing_says_what_is_missing(
    page, live_server, reviewer, other_reviewer
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    rate(review, reviewer, [4] * 14 + [2])
    rate(review, other_reviewer, [4] * 14 + [5])
    for user in (reviewer, other_reviewer):
        services.rating_mark_done(review=review, user=user)  # fills in the agreed 4s
    item_15 = review.scale.items.get(number=15)
    two, five = (item_15.anchors.get(score=s).text for s in (2, 5))
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + f"/reviews/{review.pk}/konsensus/")

    first = page.locator("article.item-row").first
    expect(first).to_have_id("item-15")
    # Each reviewer's score with its anchor's words, and who gave which option.
    expect(first.locator(".ratings-table")).to_contain_text(f"2 {two}")
    expect(first.locator(".ratings-table")).to_contain_text(f"5 {five}")
    expect(first.locator('label[for$="-2"]')).to_contain_text("Givet af: Rita Reviewer")
    expect(first.locator('label[for$="-5"]')).to_contain_text("Givet af: Otto Other")
    expect(chip(page, 15)).to_have_attribute("data-state", "differ")
    expect(chip(page, 14)).to_have_attribute("data-state", "scored")

    # Finalizing too early: the reasons where the person is, each missing item a link.
    page.goto(live_server.url + review.get_absolute_url())
    page.get_by_role("link", name="Afslut review …").click()
    problems = page.locator("#problems")
    expect(problems).to_be_focused()
    expect(problems).to_contain_text("Item 15 mangler en score.")
    expect(problems).to_contain_text("Resuméet skal skrives.")
    expect(page.get_by_role("button", name="Afslut review")).to_have_count(0)
    problems.get_by_role("link", name="15. ").click()
    expect(page).to_have_url(re.compile(r"/konsensus/\?order=scale&show=all#item-15$"))
    expect(item(page, 15)).to_be_focused()
    page.keyboard.press("3")
    expect(item(page, 15).locator("[data-save-state]")).to_have_text(SAVED)
    expect(chip(page, 15)).to_have_attribute("data-state", "scored")
    expect(page.locator("[data-summary-progress]")).to_have_text("15 af 15 items scoret")
