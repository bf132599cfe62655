"""The review page in a real browser: scoring, two reviewers at once, failures."""

from playwright.sync_api import expect

from reviews.models import ItemScore, Review
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_review, make_site, open_consensus

pytestmark = E2E


def test_a_reviewer_creates_scores_and_finalizes_and_the_leader_reads_it(
    page, browser, live_server, reviewer, leader
):
    make_site("Vejle Kommune", leaders=[leader])
    log_in(page, live_server, reviewer)
    page.get_by_role("link", name="Nyt review").click()
    page.get_by_label("Sted", exact=True).select_option(label="Vejle Kommune")
    page.get_by_label("Skala").select_option(label="IPS-15 v1 – Fidelityskalaen 2003")
    page.get_by_label("Besøgsdato", exact=False).first.fill("2026-11-20")
    page.get_by_role("button", name="Opret review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fidelity review af Vejle Kommune (IPS-15)"
    )

    total = page.locator("[data-summary-total]")
    band = page.locator("[data-summary-band]")
    expect(band).to_have_text("Intervallet vises, når alle items er scoret")
    scores = [5, 5, 4, 5, 4, 5, 4, 4, 5, 4, 5, 4, 4, 4, 4]  # 66: the lowest good total
    for number, score in enumerate(scores, start=1):
        choose_score(page, number, score)
        expect(total).to_have_text(str(sum(scores[:number])))
        expect(item(page, number).locator("[data-save-state]")).to_have_text(SAVED)
    expect(page.locator("[data-summary-progress]")).to_have_text("15 af 15 items scoret")
    expect(band).to_have_text("God IPS implementering")

    choose_score(page, 15, 3)
    expect(total).to_have_text("65")
    expect(band).to_have_text("Rimelig IPS implementering")
    choose_score(page, 15, 4)
    expect(band).to_have_text("God IPS implementering")

    remark = item(page, 1).get_by_label("Bemærkning")
    remark.fill("Fire IPS-konsulenter med 12–18 kandidater hver.")
    remark.blur()
    expect(item(page, 1).locator("[data-save-state]")).to_have_text(SAVED)
    summary = page.locator("#field-summary")
    summary.fill("Indsatsen har god IPS implementering.")
    summary.blur()
    expect(page.locator('[data-save-state="summary"]')).to_have_text(SAVED)

    page.get_by_role("link", name="Afslut review …").click()
    page.get_by_label("Jeg har læst opsummeringen").check()
    page.get_by_role("button", name="Afslut review").click()
    expect(page.get_by_text("Reviewet er afsluttet og kan nu kun læses.")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    review = Review.objects.get()
    assert review.status == Review.Status.FINALIZED
    assert review.item_scores.get(item__number=1).remark.startswith("Fire IPS-konsulenter")

    leader_page = browser.new_context(locale="da-DK").new_page()
    log_in(leader_page, live_server, leader)
    site = leader_page.get_by_test_id("home-site").filter(has_text="Vejle Kommune")
    expect(site).to_contain_text("66")
    site.get_by_role("link", name="læs den på skærmen").click()
    expect(leader_page.get_by_text("kan kun læses")).to_be_visible()
    expect(leader_page.locator("#item-1")).to_contain_text("Fire IPS-konsulenter")
    expect(
        leader_page.locator("main input:not([type=hidden]), main textarea, main select")
    ).to_have_count(0)
    expect(leader_page.locator(".score-summary")).to_contain_text("66")
    # The leader's change log starts at finalizing: the reviewers' drafting is theirs.
    leader_page.get_by_role("link", name="Ændringslog", exact=True).click()
    expect(leader_page.locator(".change-list")).to_contain_text("Status")
    expect(leader_page.locator(".change-list")).not_to_contain_text("Bemærkning")
    # The list of reports searches.
    leader_page.goto(live_server.url + "/rapporter/")
    leader_page.get_by_role("searchbox", name="Søg").fill("kolding")
    leader_page.get_by_role("button", name="Vis").click()
    expect(
        leader_page.get_by_text("Intet review passer til søgningen og filtrene.")
    ).to_be_visible()
    leader_page.get_by_role("searchbox", name="Søg").fill("vejle")
    leader_page.get_by_role("button", name="Vis").click()
    expect(leader_page.get_by_role("link", name="Hent rapport (PDF)")).to_be_visible()


def test_two_reviewers_at_once_never_overwrite_each_other(
    browser, live_server, reviewer, other_reviewer
):
    review = open_consensus(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    )
    rita = browser.new_context(locale="da-DK").new_page()
    otto = browser.new_context(locale="da-DK").new_page()
    for page, user in ((rita, reviewer), (otto, other_reviewer)):
        log_in(page, live_server, user)
        page.goto(live_server.url + review.get_absolute_url())

    # Different fields of the same item: both saves land without a conflict.
    choose_score(rita, 1, 4)
    expect(item(rita, 1).locator("[data-save-state]")).to_have_text(SAVED)
    otto_remark = item(otto, 1).get_by_label("Bemærkning")
    otto_remark.fill("Ottos bemærkning")
    otto_remark.blur()
    expect(item(otto, 1).locator("[data-save-state]")).to_have_text(SAVED)
    row = ItemScore.objects.get(review=review, item__number=1)
    assert (row.score, row.remark) == (4, "Ottos bemærkning")

    # The same field: Rita's page still holds the old remark, so her save is refused
    # and she sees Otto's text beside her own.
    rita_remark = item(rita, 1).get_by_label("Bemærkning")
    rita_remark.fill("Ritas bemærkning")
    rita_remark.blur()
    conflict = item(rita, 1).locator(".conflict")
    expect(conflict).to_contain_text("Otto Other gemte en anden tekst")
    expect(conflict.get_by_label("Den anden bedømmers tekst")).to_have_value("Ottos bemærkning")
    expect(rita_remark).to_have_value("Ritas bemærkning")
    row.refresh_from_db()
    assert row.remark == "Ottos bemærkning"

    rita_remark.fill("Ritas bemærkning. Ottos bemærkning")
    conflict.get_by_role("button", name="Gem min version").click()
    expect(item(rita, 1).locator("[data-save-state]")).to_have_text(SAVED)
    expect(conflict).to_have_count(0)
    row.refresh_from_db()
    assert row.remark == "Ritas bemærkning. Ottos bemærkning"


def test_typed_text_survives_a_lost_network_an_expired_session_and_a_reload(
    page, live_server, reviewer
):
    review = make_review(lead=reviewer, scale="ips-15")
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + review.get_absolute_url())
    state = item(page, 2).locator("[data-save-state]")
    remark = item(page, 2).get_by_label("Bemærkning")

    page.route("**/gem/", lambda route: route.abort())
    remark.fill("Skrevet uden net")
    remark.blur()
    expect(state).to_have_text("Ikke gemt – prøver igen")
    page.unroute("**/gem/")
    expect(state).to_have_text(SAVED, timeout=15_000)
    assert ItemScore.objects.get(review=review, item__number=2).remark == "Skrevet uden net"

    page.context.clear_cookies()
    remark.fill("Skrevet efter udløbet session")
    remark.blur()
    expect(state).to_have_text("Ikke gemt – log ind igen")
    expect(page.locator("[data-logged-out-banner]")).to_be_visible()
    second_tab = page.context.new_page()
    log_in(second_tab, live_server, reviewer)
    expect(state).to_have_text(SAVED, timeout=15_000)
    expect(page.locator("[data-logged-out-banner]")).to_be_hidden()
    assert ItemScore.objects.get(review=review, item__number=2).remark == (
        "Skrevet efter udløbet session"
    )

    # Text typed while the server is unreachable is still there after a reload.
    page.route("**/gem/", lambda route: route.abort())
    recommendation = item(page, 3).get_by_label("Anbefaling")
    recommendation.fill("Overlever en genindlæsning")
    recommendation.blur()
    expect(item(page, 3).locator("[data-save-state]")).to_have_text("Ikke gemt – prøver igen")
    page.unroute("**/gem/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(item(page, 3).get_by_label("Anbefaling")).to_have_value("Overlever en genindlæsning")
    expect(item(page, 3).locator("[data-save-state]")).to_have_text(SAVED, timeout=15_000)
    assert ItemScore.objects.get(review=review, item__number=3).recommendation == (
        "Overlever en genindlæsning"
    )
