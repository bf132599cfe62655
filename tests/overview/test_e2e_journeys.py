"""Each role, from the login, reaches its main job through the start page and the menu
alone (issue 22): no typed addresses after the login page."""

import datetime

from playwright.sync_api import expect

from outcomes.models import OutcomePeriod
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import finalize, make_review, make_site, score_all
from tests.followup.test_action_plan import make_action

pytestmark = E2E


def test_a_reviewer_goes_from_the_start_page_to_rating_an_item(
    page, live_server, reviewer, other_reviewer
):
    review = make_review(
        lead=reviewer, co_reviewers=[other_reviewer], site=make_site(), scale="ips-15"
    )
    log_in(page, live_server, reviewer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    step = page.get_by_test_id("home-step-rate").filter(has_text=review.site.name)
    step.get_by_role("link", name="Bedøm alle items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min egen bedømmelse")
    choose_score(page, 1, 4)
    expect(item(page, 1).locator("[data-save-state]")).to_have_text(SAVED)
    assert review.ratings.get(item__number=1).score == 4


def test_a_leader_without_reviews_enters_outcome_figures_from_the_menu(page, live_server, leader):
    site = make_site("Hjørring Kommune", region="Region Nordjylland", leaders=[leader])
    log_in(page, live_server, leader)
    home = page.get_by_test_id("home-leader")
    expect(home).to_contain_text("Hjørring Kommune")
    expect(home).to_contain_text("Intet afsluttet review endnu.")
    page.get_by_role("navigation").get_by_role("link", name="Mit sted").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hjørring Kommune")
    page.get_by_role("navigation").get_by_role("link", name="Resultater").click()
    page.locator("#outcomes").get_by_role("link", name="Indtast tal for en periode").click()
    page.get_by_label("Kvartal").fill("2026-K3")
    page.get_by_label("Afsluttede forløb").fill("10")
    page.get_by_label("Ordinært job").fill("4")
    page.get_by_role("button", name="Gem tallene").click()
    expect(page.locator("#outcomes")).to_contain_text("3. kvartal 2026")
    period = OutcomePeriod.objects.get(site=site)
    assert (period.start, period.closed_courses) == (datetime.date(2026, 7, 1), 10)


def test_a_leader_reaches_the_action_plan_from_the_menu_and_notes_progress(
    page, live_server, reviewer, leader, placeholder_pdf
):
    site = make_site(leaders=[leader])
    review = finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    action = make_action(review, leader, text="Fast mødetid med psykiatrien")
    log_in(page, live_server, leader)
    page.get_by_role("navigation").get_by_role("link", name="Handleplan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handleplan for {site.name}")
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Skriv en note eller skift status").click()
    card.get_by_label("Status").select_option(label="I gang")
    card.get_by_label("Note").fill("Første møde holdt")
    card.get_by_role("button", name="Gem noten").click()
    expect(page.get_by_text("Noten er gemt.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_an_administrator_sees_what_is_due_and_invites_from_the_menu(page, live_server, admin):
    make_site("Uden review Kommune")
    log_in(page, live_server, admin)
    expect(page.get_by_test_id("home-admin")).to_be_visible()
    expect(page.get_by_test_id("home-invitations")).to_contain_text("Invitationer")
    page.get_by_role("navigation").get_by_role("link", name="Personer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personer")
    expect(page.get_by_role("link", name="Invitér en person")).to_be_visible()


def test_a_regional_coordinator_opens_a_report_of_their_region_from_the_start_page(
    page, live_server, reviewer, placeholder_pdf
):
    from accounts import roles
    from tests.factories import make_user

    coordinator = make_user("coordinator", role=roles.COORDINATOR, first_name="Cora")
    site = make_site("Holbæk Kommune", region="Region Sjælland")
    coordinator.coordinated_regions.add(site.region)
    review = finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    log_in(page, live_server, coordinator)  # with the code: coordinators pass a second factor
    follow = page.get_by_test_id("home-follow")
    expect(follow).to_contain_text("Din region: Region Sjælland")
    follow.get_by_role("link", name="Holbæk Kommune").click()
    expect(page).to_have_url(live_server.url + review.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Holbæk Kommune")
    # (What they may not open, the ratings among it, is the permission matrix's:
    # tests/project/test_permissions.py.)
