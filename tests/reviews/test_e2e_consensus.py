"""Two reviewers rate on their own in two browsers, agree in the consensus view, finalize."""

from playwright.sync_api import expect

from reports.models import FinalReport
from reviews.models import Review
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_review, make_site
from tests.pdftext import table_columns

pytestmark = E2E
RITA = [5, 4, 4, 3, 3, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]
OTTO = [5, 4, 3, 3, 1, 2, 4, 5, 4, 3, 4, 4, 2, 3, 4]


def rate_everything(page, scores, note):
    # The review page's main button is the person's next step.
    expect(page.get_by_test_id("next-step")).to_have_text("Bedøm alle items")
    page.get_by_test_id("next-step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min egen bedømmelse")
    for number, score in enumerate(scores, start=1):
        choose_score(page, number, score)
        expect(item(page, number).locator("[data-save-state]")).to_have_text(SAVED)
    notes = item(page, 5).get_by_label("Mine noter (kun for bedømmerne)")
    notes.fill(note)
    notes.blur()
    expect(item(page, 5).locator("[data-save-state]")).to_have_text(SAVED)


def test_two_reviewers_rate_agree_and_finalize(
    browser, live_server, reviewer, other_reviewer, leader
):
    site = make_site(leaders=[leader])
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], site=site, scale="ips-15")
    rita = browser.new_context(locale="da-DK").new_page()
    otto = browser.new_context(locale="da-DK").new_page()
    for page, user in ((rita, reviewer), (otto, other_reviewer)):
        log_in(page, live_server, user)
        page.goto(live_server.url + review.get_absolute_url())
        expect(page.get_by_test_id("stage")).to_have_text("Egne bedømmelser")

    rate_everything(rita, RITA, "Rita: mentoropgaver fylder meget")
    rate_everything(otto, OTTO, "Otto: næsten kun mentoropgaver")
    expect(otto.locator("main")).not_to_contain_text("Rita: mentoropgaver")

    rita.get_by_role("button", name="Markér min bedømmelse som færdig").click()
    expect(rita.get_by_text("Konsensus åbner, når alle bedømmere har markeret")).to_be_visible()
    expect(rita.locator("main")).not_to_contain_text("Otto: næsten kun")
    otto.get_by_role("button", name="Markér min bedømmelse som færdig").click()
    expect(otto.get_by_role("heading", level=1)).to_have_text("Konsensus")

    rita.reload()
    expect(
        rita.get_by_text(
            "80 % af items fik samme score af alle bedømmere, 93 % lå højst ét point fra hinanden"
        )
    ).to_be_visible()
    first = rita.locator("article.item-row").first
    expect(first).to_have_id("item-5")
    expect(first).to_contain_text("Scorerne afviger med 2")
    expect(first).to_contain_text("Otto: næsten kun mentoropgaver")
    expect(first).to_contain_text("Rita: mentoropgaver fylder meget")
    expect(rita.locator("[data-summary-progress]")).to_have_text("12 af 15 items scoret")
    for number, agreed in ((5, 2), (3, 4), (11, 3)):
        choose_score(rita, number, agreed)
        expect(item(rita, number).locator("[data-save-state]")).to_have_text(SAVED)
    expect(rita.locator("[data-summary-progress]")).to_have_text("15 af 15 items scoret")
    expect(rita.locator("[data-summary-total]")).to_have_text("52")

    rita.goto(live_server.url + review.get_absolute_url())
    expect(rita.get_by_test_id("stage")).to_have_text("Konsensus")
    summary = rita.locator("#field-summary")
    summary.fill("Indsatsen er endnu ikke IPS.")
    summary.blur()
    expect(rita.locator('[data-save-state="summary"]')).to_have_text(SAVED)
    rita.reload()  # the page's buttons are drawn when it loads
    expect(rita.get_by_test_id("next-step")).to_have_text("Afslut reviewet")
    rita.get_by_test_id("next-step").click()
    rita.get_by_label("Jeg har læst opsummeringen").check()
    rita.get_by_role("button", name="Afslut review").click()
    expect(rita.get_by_test_id("stage")).to_have_text("Afsluttet")

    review = Review.objects.get(pk=review.pk)
    expected = [5, 4, 4, 3, 2, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]
    assert (
        list(review.item_scores.order_by("item__number").values_list("score", flat=True))
        == expected
    )
    pdf = bytes(FinalReport.objects.current_for(review).pdf)
    assert table_columns(pdf)["SCORE"] == [str(s) for s in expected] + ["52"]
    with rita.expect_download() as info:
        rita.get_by_role("link", name="Hent rapport (PDF)").click()
    assert info.value.path().read_bytes() == pdf
