"""Instruments beyond one total in a real browser: on a two-part scale each subscale's total
and band follow the scores live and the finalized report prints both; a checklist is answered,
finalized and printed as a list."""

from playwright.sync_api import expect

from reviews.models import Review
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_checklist, make_review, make_two_part_scale, score_all
from tests.pdftext import normalize, page_texts

pytestmark = E2E


def test_both_subtotals_and_bands_follow_the_scores_and_print_in_the_report(
    page, live_server, reviewer
):
    scale = make_two_part_scale()
    review = make_review(lead=reviewer, scale=scale)
    # Items 2–25 and 27–35 already scored 4; the browser scores items 1 and 26.
    score_all(review, [None] + [4] * 24 + [None] + [4] * 9)
    employment, education = scale.subscales.all()
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + review.get_absolute_url())
    work = page.locator(f'[data-subscale-total="{employment.pk}"]')
    school = page.locator(f'[data-subscale-total="{education.pk}"]')
    work_band = page.locator(f'[data-subscale-band="{employment.pk}"]')
    school_band = page.locator(f'[data-subscale-band="{education.pk}"]')
    expect(work).to_have_text("96")
    expect(work_band).to_have_text("Intervallet vises, når alle delskalaens items er scoret")
    choose_score(page, 1, 3)
    expect(item(page, 1).locator("[data-save-state]")).to_have_text(SAVED)
    expect(work).to_have_text("99")
    expect(work_band).to_have_text("Nogenlunde")
    # The education part is still waiting for item 26, whatever the employment part does.
    expect(school_band).to_contain_text("Intervallet vises")
    choose_score(page, 1, 4)
    expect(work_band).to_have_text("God")
    choose_score(page, 26, 5)
    expect(item(page, 26).locator("[data-save-state]")).to_have_text(SAVED)
    expect(school).to_have_text("41")
    expect(school_band).to_have_text("God")
    expect(page.locator("[data-summary-total]")).to_have_count(0)

    page.get_by_role("link", name="Afslut review …").click()
    page.get_by_label("Jeg har læst opsummeringen").check()
    page.get_by_role("button", name="Afslut review").click()
    expect(page.get_by_text("Reviewet er afsluttet og kan nu kun læses.")).to_be_visible()
    review = Review.objects.get()
    report = review.final_reports.get()
    text = " ".join(page_texts(bytes(report.pdf)))
    assert "Beskæftigelsesdelen: 100 af 125 – God" in text
    assert "Uddannelsesdelen: 41 af 50 – God" in text


def test_a_checklist_is_answered_finalized_and_printed_as_a_list(page, live_server, reviewer):
    review = make_review(lead=reviewer, scale=make_checklist())
    score_all(review, [None] * 6)
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + review.get_absolute_url())
    progress = page.locator("[data-summary-progress]")
    expect(progress).to_have_text("0 af 6 items besvaret")
    for number, answer in enumerate([3, 2, 1, 3, 3, 2], start=1):
        choose_score(page, number, answer)
        expect(item(page, number).locator("[data-save-state]")).to_have_text(SAVED)
    expect(progress).to_have_text("6 af 6 items besvaret")
    expect(item(page, 2).get_by_role("group", name="Punkt 2 – Svar")).to_be_visible()
    page.get_by_role("link", name="Afslut review …").click()
    page.get_by_label("Jeg har læst opsummeringen").check()
    page.get_by_role("button", name="Afslut review").click()
    expect(page.get_by_text("Reviewet er afsluttet og kan nu kun læses.")).to_be_visible()
    text = normalize(" ".join(page_texts(bytes(Review.objects.get().final_reports.get().pdf))))
    assert normalize("Punkt 2 – svar: Delvist") in text
    assert normalize("TOTALSCORE") not in text
