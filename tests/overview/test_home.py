"""The start page: each role sees what waits for them and reaches it in one click."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from outcomes.models import OutcomePeriod
from overview import home
from reviews import services
from sites.models import Site
from tests.factories import (
    finalize,
    make_review,
    make_site,
    make_user,
    open_consensus,
    previous_round_action,
    rate,
    score_all,
)

TODAY = datetime.date(2026, 3, 1)


def _groups(user):
    return {group.key: [step.review for step in group.steps] for group in home.reviewer_steps(user)}


def test_a_reviewers_drafts_are_grouped_by_their_next_step(reviewer, other_reviewer, leader):
    site = make_site(leaders=[leader])
    to_rate = make_review(lead=reviewer, site=site, co_reviewers=[other_reviewer])
    waiting = make_review(
        lead=reviewer, site=make_site("Aarhus Kommune"), co_reviewers=[other_reviewer]
    )
    rate(waiting, reviewer, [3] * 25)
    waiting.reviewer_links.filter(user=reviewer).update(rating_done_at=timezone.now())
    agreeing = open_consensus(
        make_review(lead=reviewer, site=make_site("Odense Kommune"), co_reviewers=[other_reviewer])
    )
    alone = make_review(lead=reviewer, site=make_site("Horsens Kommune"))
    ready = score_all(make_review(lead=reviewer, site=make_site("Kolding Kommune")))
    in_hearing = score_all(
        make_review(lead=reviewer, site=make_site("Fredericia Kommune", leaders=[leader]))
    )
    services.hearing_send(
        review=in_hearing, user=reviewer, deadline=datetime.date.today() + datetime.timedelta(14)
    )
    done = score_all(make_review(lead=reviewer, site=make_site("Vejen Kommune")))
    finalize(done, reviewer)

    groups = _groups(reviewer)
    assert groups == {
        "rate": [to_rate],
        "others": [waiting],
        "agree": [agreeing],
        "score": [alone],
        "hearing": [in_hearing],
        "finalize": [ready],
    }
    # The co-reviewer rates three of them; only the lead finalizes, so a complete review
    # waits for the co-reviewer's consensus work, not for finalizing.
    assert set(_groups(other_reviewer)) == {"rate", "agree"}


def test_each_step_links_to_where_it_is_done(client, reviewer, other_reviewer):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer])
    client.force_login(reviewer)
    page = client.get(reverse("overview:home")).text
    assert f'href="{reverse("reviews:my_rating", args=[review.pk])}"' in page
    assert "Din egen bedømmelse" in page
    open_consensus(review)
    page = client.get(reverse("overview:home")).text
    assert f'href="{reverse("reviews:consensus", args=[review.pk])}"' in page
    score_all(review, summary="")
    # Every item scored, no summary yet: the summary is the next step, here and on the review.
    page = client.get(reverse("overview:home")).text
    assert f'href="{review.get_absolute_url()}#summary">Skriv resuméet' in page
    detail = client.get(review.get_absolute_url()).text
    assert f'href="{review.get_absolute_url()}#summary" data-testid="next-step"' in detail
    review.summary = "Resumé."
    review.save()
    page = client.get(reverse("overview:home")).text
    assert f'href="{reverse("reports:review_finalize", args=[review.pk])}"' in page
    assert "Klar til at blive afsluttet" in page


def test_a_leader_sees_report_hearing_actions_and_outcomes_per_site(
    client, reviewer, leader, placeholder_pdf
):
    site = make_site(leaders=[leader])
    action = previous_round_action(
        reviewer=reviewer, leader=leader, site=site, status="in_progress"
    )
    draft = score_all(make_review(lead=reviewer, site=site))
    services.hearing_send(
        review=draft, user=reviewer, deadline=datetime.date.today() + datetime.timedelta(14)
    )

    [entry] = home.leader_sites(leader, today=TODAY)
    assert entry.report_review == action.review
    assert entry.hearing_review == draft
    assert entry.actions_due == [action]  # due 1 March 2026
    assert entry.outcomes_due
    assert entry.last_period_end is None

    OutcomePeriod.objects.create(
        site=site,
        start=datetime.date(2025, 10, 1),
        end=datetime.date(2025, 12, 31),
        closed_courses=2,
        closed_ordinary_job=1,
    )
    [entry] = home.leader_sites(leader, today=TODAY)
    assert not entry.outcomes_due
    assert home.leader_sites(leader, today=datetime.date(2026, 6, 1))[0].outcomes_due

    client.force_login(leader)
    page = client.get(reverse("overview:home")).text
    for href in (
        reverse("overview:site_detail", args=[site.pk]),
        reverse("reviews:hearing", args=[draft.pk]),
        reverse("followup:action_plan", args=[action.review.pk]),
        reverse("reports:report_pdf", args=[action.review.pk]),
    ):
        assert f'href="{href}' in page, href
    assert "Et udkast til rapport er i høring" in page


def test_a_leader_without_reviews_lands_on_their_site(client, leader):
    """Hjørring: outcome figures and no review; the start page and the menu lead to the site."""
    site = make_site("Hjørring Kommune", leaders=[leader])
    client.force_login(leader)
    response = client.get(reverse("overview:home"))
    assert response.status_code == 200
    page = response.text
    assert "Intet afsluttet review endnu." in page
    assert f'href="{reverse("outcomes:outcome_period_create", args=[site.pk])}"' in page
    # The menu: their site, its action plan, its outcomes.
    assert 'data-testid="nav-my-site"' in page
    assert f'href="{reverse("followup:site_action_plan", args=[site.pk])}"' in page
    assert f'href="{reverse("overview:site_detail", args=[site.pk])}#outcomes"' in page
    # No plan yet: a page that says so, with the way back.
    plan = client.get(reverse("followup:site_action_plan", args=[site.pk]))
    assert plan.status_code == 200
    assert "Stedet har ingen handleplan endnu" in plan.text


def test_the_menu_leads_a_leader_of_two_sites_to_each(client, two_site_leader):
    first = make_site("Hjørring Kommune", leaders=[two_site_leader])
    second = make_site("Frederikshavn Kommune", leaders=[two_site_leader])
    client.force_login(two_site_leader)
    page = client.get(reverse("overview:home")).text
    assert 'data-testid="nav-my-sites"' in page
    for site in (first, second):
        assert f'href="{reverse("followup:site_action_plan", args=[site.pk])}"' in page


def test_the_site_action_plan_opens_the_latest_plan_and_only_for_those_who_read_it(
    client, reviewer, leader, other_leader, placeholder_pdf
):
    site = make_site(leaders=[leader])
    action = previous_round_action(
        reviewer=reviewer, leader=leader, site=site, status="in_progress"
    )
    url = reverse("followup:site_action_plan", args=[site.pk])
    client.force_login(leader)
    assert client.get(url).url == reverse("followup:action_plan", args=[action.review.pk])
    client.force_login(other_leader)
    assert client.get(url).status_code == 404


def test_an_administrator_sees_due_sites_and_pending_invitations(
    client, admin, reviewer, placeholder_pdf
):
    site = make_site()
    review = score_all(make_review(lead=reviewer, site=site, visit_date=datetime.date(2024, 1, 10)))
    finalize(review, reviewer)
    Site.objects.create(name="Uden review Kommune", region=site.region)
    invited = make_user("ny", first_name="Nina", last_name="Ny", email="nina@example.dk")
    invited.set_unusable_password()
    invited.save()
    Invitation.objects.create(user=invited, invited_by=admin)

    data = home.admin_home(admin, today=datetime.date(2026, 1, 1))
    assert [s.site for s in data.due] == [site]  # due 10 January 2025: overdue
    assert [i.user for i in data.invitations] == [invited]

    client.force_login(admin)
    page = client.get(reverse("overview:home")).text
    assert "Invitationer, der ikke er taget imod" in page
    assert "nina@example.dk" in page
    assert site.name in page


def test_a_person_without_a_role_is_told_so(client, db):
    client.force_login(make_user("nobody"))
    page = client.get(reverse("overview:home")).text
    assert "Din bruger har ingen rolle endnu" in page


def test_the_start_page_costs_the_same_queries_for_more_reviews(client, reviewer, other_reviewer):
    make_review(lead=reviewer, co_reviewers=[other_reviewer])
    client.force_login(reviewer)
    client.get(reverse("overview:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("overview:home"))
    for n in range(6):
        make_review(lead=reviewer, site=make_site(f"Sted {n}"), co_reviewers=[other_reviewer])
    with CaptureQueriesContext(connection) as seven:
        client.get(reverse("overview:home"))
    assert len(seven) == len(one)


def test_a_regional_coordinator_follows_the_finalized_reports_of_their_region(client, reviewer):
    from accounts import roles

    coordinator = make_user("coordinator", role=roles.COORDINATOR, first_name="Cora")
    vejle = make_site("Vejle Kommune")
    holbaek = make_site("Holbæk Kommune", region="Region Sjælland")
    coordinator.coordinated_regions.add(vejle.region)
    finalize(score_all(make_review(lead=reviewer, site=vejle, scale="ips-15")), reviewer)
    finalize(score_all(make_review(lead=reviewer, site=holbaek, scale="ips-15")), reviewer)
    make_review(lead=reviewer, site=vejle, scale="ips-15")  # a draft: not theirs to read
    client.force_login(coordinator)
    page = client.get(reverse("overview:home")).text
    assert 'data-testid="home-follow"' in page
    assert "Din region: Region Syddanmark" in page
    assert "Vejle Kommune" in page
    assert "Holbæk Kommune" not in page
    assert page.count("Vejle Kommune</a>") == 1  # the finalized one only
    assert reverse("analytics:calibration") in page
    assert reverse("followup:upcoming_reviews") in page


def test_the_national_reader_follows_every_region_without_drafts(client, reviewer):
    from accounts import roles

    national = make_user("national", role=roles.NATIONAL_READER)
    for name, region in (
        ("Vejle Kommune", "Region Syddanmark"),
        ("Holbæk Kommune", "Region Sjælland"),
    ):
        site = make_site(name, region=region)
        finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    draft = make_review(lead=reviewer, site=make_site("Kolding Kommune"), scale="ips-15")
    client.force_login(national)
    page = client.get(reverse("overview:home")).text
    assert "Alle regioner" in page
    assert "Vejle Kommune</a>" in page
    assert "Holbæk Kommune</a>" in page
    assert "Kolding Kommune" not in page
    assert reverse("analytics:calibration") not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
