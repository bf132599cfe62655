"""Every URL × every persona against a declared expectation, for a draft, a draft out for
comments with the site's leaders (høring) and a finalized review.

A new URL pattern fails `test_every_url_has_a_declared_expectation` until it is added here.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from followup.models import Action
from outcomes.models import OutcomePeriod
from reviews import services
from reviews.models import Cluster, EvidenceSource, ImprovementArea
from tests.factories import finalize, make_review, make_site, make_user, open_consensus, score_all
from tests.urlwalk import all_url_names

PERSONAS = (
    "anonymous",
    "reviewer",
    "other_reviewer",
    "leader",
    "other_leader",
    "admin",
    # Bedømmer and Leder at once: leads the review's site, reviews another site's review.
    "reviewer_leader",
    # Leads the review's site and the other site.
    "two_site_leader",
)


@dataclass
class World:
    review: object
    row: object
    evidence: object
    area: object


def review_kwargs(w):
    return {"pk": w.review.pk}


def item_kwargs(w):
    return {"pk": w.review.pk, "item_pk": w.row.pk}


def evidence_kwargs(w):
    return {"pk": w.review.pk, "row_pk": w.evidence.pk}


def area_kwargs(w):
    return {"pk": w.review.pk, "row_pk": w.area.pk}


def scale_kwargs(w):
    return {"pk": w.review.scale_id}


def no_kwargs(w):
    return {}


def rating_kwargs(w):
    return {"pk": w.review.pk, "item_pk": w.row.item_id}


def site_kwargs(w):
    return {"pk": w.review.site_id}


def person_kwargs(w):
    return {"pk": w.review.created_by_id}


def link_kwargs(w):
    return {"uidb64": "MQ", "token": "cz6a1b-0123456789abcdef"}


def log_export_kwargs(w):
    return {"fmt": "csv"}


def outcome_site_kwargs(w):
    return {"site_pk": w.review.site_id}


def period_kwargs(w):
    # The review's site has figures for one quarter (made here, so every world has them).
    period, _ = OutcomePeriod.objects.get_or_create(
        site=w.review.site, start="2024-01-01", end="2024-03-31"
    )
    return {"site_pk": w.review.site_id, "pk": period.pk}


def action_kwargs(w):
    # The review has one action (made here, whatever its state, so every world has it).
    action, _ = Action.objects.get_or_create(
        review=w.review,
        defaults={
            "text": "Ugentlige møder",
            "responsible": "IPS-leder",
            "due_date": "2027-03-01",
            "created_by": w.review.created_by,
        },
    )
    return {"pk": w.review.pk, "action_pk": action.pk}


def plan_export_kwargs(w):
    return {"pk": w.review.pk, "fmt": "csv"}


def region_kwargs(w):
    return {"pk": w.review.site.region_id}


def cluster_kwargs(w):
    cluster, _ = Cluster.objects.get_or_create(region=w.review.site.region, name="Trekanten")
    return {"pk": cluster.pk}


def fmt_kwargs(w):
    return {"fmt": "csv"}


def export_kwargs(w):
    return {"table": "scores", "fmt": "csv"}


# name: (method, kwargs, post data, {state: statuses in PERSONAS order})
# One tuple for every state means the review's state does not matter for that URL.
# Out for comments, the site's leaders read the draft but change nothing in it.
READ_REVIEW = {
    "draft": (302, 200, 404, 404, 404, 200, 404, 404),
    "hearing": (302, 200, 404, 200, 404, 200, 200, 200),
    "finalized": (302, 200, 404, 200, 404, 200, 200, 200),
}
WRITE_REVIEW = {
    "draft": (302, 200, 404, 404, 404, 403, 404, 404),
    "hearing": (302, 200, 404, 403, 404, 403, 403, 403),
    "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
}
# The action plan of a finalized review: its reviewers, administrators and the site's
# leaders read it; the leaders keep it. A draft has none yet (403 to those who read it,
# the leaders too while it is out for comments).
READ_PLAN = {
    "draft": (302, 403, 404, 404, 404, 403, 404, 404),
    "hearing": (302, 403, 404, 403, 404, 403, 403, 403),
    "finalized": (302, 200, 404, 200, 404, 200, 200, 200),
}
KEEP_PLAN = {
    "draft": (302, 403, 404, 404, 404, 403, 404, 404),
    "hearing": (302, 403, 404, 403, 404, 403, 403, 403),
    "finalized": (302, 403, 404, 200, 404, 403, 200, 200),
}
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 403, 403)
EVERYONE = (200, 200, 200, 200, 200, 200, 200, 200)
EXPECTED = {
    "login": ("GET", no_kwargs, None, (200, 302, 302, 302, 302, 302, 302, 302)),
    # Logged-in personas passed the second factor already (tests/conftest.py); the page
    # sends them on, or to set one up if they have none (tests/test_second_factor.py).
    "second_factor": ("GET", no_kwargs, None, (302, 302, 302, 302, 302, 302, 302, 302)),
    "second_factor_setup": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "recovery_codes": ("GET", no_kwargs, None, (302, 302, 302, 200, 200, 200, 200, 200)),
    # Choosing a password through a one-time link is for people who are not logged in; a
    # made-up link shows that it does not work (tests/test_invitations.py).
    "password_reset": ("GET", no_kwargs, None, EVERYONE),
    "password_reset_done": ("GET", no_kwargs, None, EVERYONE),
    "password_reset_confirm": ("GET", link_kwargs, None, EVERYONE),
    "password_reset_complete": ("GET", no_kwargs, None, EVERYONE),
    "invitation_accept": ("GET", link_kwargs, None, EVERYONE),
    # Each person's own choice of e-mail notices.
    "notice_settings": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "people": ("GET", no_kwargs, None, ADMIN_ONLY),
    "person_invite": ("GET", no_kwargs, None, ADMIN_ONLY),
    # The person chose a password already: the administrator is told so and sent back.
    "person_reinvite": ("POST", person_kwargs, None, (302, 403, 403, 403, 403, 302, 403, 403)),
    "person_deactivate": ("GET", person_kwargs, None, ADMIN_ONLY),
    "person_export": ("GET", person_kwargs, None, ADMIN_ONLY),
    "access_log": ("GET", no_kwargs, None, ADMIN_ONLY),
    "access_log_export": ("GET", log_export_kwargs, None, ADMIN_ONLY),
    "logout": ("GET", no_kwargs, None, (405, 405, 405, 405, 405, 405, 405, 405)),
    "home": ("GET", no_kwargs, None, (302, 302, 302, 302, 302, 302, 302, 302)),
    "my_reviews": ("GET", no_kwargs, None, (302, 200, 200, 403, 403, 403, 200, 403)),
    "all_reviews": ("GET", no_kwargs, None, (302, 403, 403, 403, 403, 200, 403, 403)),
    "review_create": ("GET", no_kwargs, None, (302, 200, 200, 403, 403, 403, 200, 403)),
    "leader_reports": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "scale_list": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "scale_detail": ("GET", scale_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "review_detail": ("GET", review_kwargs, None, READ_REVIEW),
    "review_log": ("GET", review_kwargs, None, READ_REVIEW),
    "report_pdf": ("GET", review_kwargs, None, READ_REVIEW),
    # Overviews and exports filter their content by who asks (tests/test_overview.py).
    "overview": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "overview_pdf": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "export": ("GET", export_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "site_detail": ("GET", site_kwargs, None, (302, 200, 404, 200, 404, 200, 200, 200)),
    # Sites, regions and clusters are made and changed by administrators (the Steder page);
    # a site's edit page is 404 to those who may not read the site, like its page.
    "site_list": ("GET", no_kwargs, None, ADMIN_ONLY),
    "site_create": ("GET", no_kwargs, None, ADMIN_ONLY),
    "site_edit": ("GET", site_kwargs, None, (302, 403, 404, 403, 404, 200, 403, 403)),
    "region_create": ("GET", no_kwargs, None, ADMIN_ONLY),
    "region_edit": ("GET", region_kwargs, None, ADMIN_ONLY),
    "cluster_create": ("GET", no_kwargs, None, ADMIN_ONLY),
    "cluster_edit": ("GET", cluster_kwargs, None, ADMIN_ONLY),
    # Outcomes: entered by the site's leaders, the reviewers on its reviews and
    # administrators; the import page serves whoever may enter figures for some site.
    "outcome_period_create": (
        "GET",
        outcome_site_kwargs,
        None,
        (302, 200, 404, 200, 404, 200, 200, 200),
    ),
    "outcome_period_edit": ("GET", period_kwargs, None, (302, 200, 404, 200, 404, 200, 200, 200)),
    "outcome_period_delete": (
        "POST",
        period_kwargs,
        None,
        (302, 302, 404, 302, 404, 302, 302, 302),
    ),
    "outcomes_import": ("GET", no_kwargs, None, (302, 200, 403, 200, 200, 200, 200, 200)),
    "outcomes_template": ("GET", no_kwargs, None, (302, 200, 403, 200, 200, 200, 200, 200)),
    "outcome_formulas": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    # Item analytics filter by who asks (tests/test_analytics_pages.py); calibration is for
    # reviewers and administrators.
    "regional_analytics": ("GET", no_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "regional_export": ("GET", fmt_kwargs, None, (302, 200, 200, 200, 200, 200, 200, 200)),
    "calibration": ("GET", no_kwargs, None, (302, 200, 200, 403, 403, 200, 200, 403)),
    "action_plan": ("GET", review_kwargs, None, READ_PLAN),
    "action_plan_pdf": ("GET", review_kwargs, None, READ_PLAN),
    "action_plan_export": ("GET", plan_export_kwargs, None, READ_PLAN),
    "action_create": ("GET", review_kwargs, None, KEEP_PLAN),
    "action_edit": ("GET", action_kwargs, None, KEEP_PLAN),
    "action_note": ("GET", action_kwargs, None, KEEP_PLAN),
    # The schedule: reviewers (the sites they see) and administrators; the date of a site is
    # moved by its reviewers and administrators.
    "upcoming_reviews": ("GET", no_kwargs, None, (302, 200, 200, 403, 403, 200, 200, 403)),
    "next_review_edit": ("GET", site_kwargs, None, (302, 200, 404, 403, 404, 200, 403, 403)),
    "save_header": (
        "POST",
        review_kwargs,
        lambda w: {"field": "summary", "value": "x", "version": w.review.version},
        WRITE_REVIEW,
    ),
    "save_item": (
        "POST",
        item_kwargs,
        lambda w: {"field": "remark", "value": "x", "version": w.row.version},
        {
            "draft": (302, 403, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 200, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    "save_evidence": (
        "POST",
        evidence_kwargs,
        lambda w: {"field": "roles", "value": "x", "version": w.evidence.version},
        WRITE_REVIEW,
    ),
    "save_area": (
        "POST",
        area_kwargs,
        lambda w: {"field": "text", "value": "x", "version": w.area.version},
        WRITE_REVIEW,
    ),
    "evidence_add": ("POST", review_kwargs, None, WRITE_REVIEW),
    "evidence_remove": ("POST", evidence_kwargs, None, WRITE_REVIEW),
    "area_add": ("POST", review_kwargs, None, WRITE_REVIEW),
    "area_remove": ("POST", area_kwargs, None, WRITE_REVIEW),
    "area_move": ("POST", area_kwargs, lambda w: {"direction": "up"}, WRITE_REVIEW),
    "basis_suggestion": ("GET", review_kwargs, None, WRITE_REVIEW),
    # The draft is in the rating stage (two reviewers, neither done): the agreed scores wait
    # for the consensus, so even the reviewer on the review may not save one yet.
    "my_rating": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 200, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 200, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 200, 404, 403, 404, 403, 403, 403),
        },
    ),
    "save_rating": (
        "POST",
        rating_kwargs,
        lambda w: {"field": "score", "value": "3", "version": 1},
        # Out for comments, the consensus is open: the ratings are closed.
        {**WRITE_REVIEW, "hearing": (302, 403, 404, 403, 404, 403, 403, 403)},
    ),
    "rating_done": (
        "POST",
        review_kwargs,
        None,
        {
            "draft": (302, 302, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 403, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    "rating_reopen": (
        "POST",
        review_kwargs,
        None,
        {
            "draft": (302, 302, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 403, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    "consensus": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 200, 404, 404, 404, 200, 404, 404),
            "hearing": (302, 200, 404, 403, 404, 200, 403, 403),
            "finalized": (302, 200, 404, 403, 404, 200, 403, 403),
        },
    ),
    # The confirmation page; finalizing itself needs the confirmation (test_finalize.py).
    "review_finalize": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 200, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 200, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    "report_rerender": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 403, 404, 404, 404, 200, 404, 404),
            "hearing": (302, 403, 404, 403, 404, 200, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 200, 403, 403),
        },
    ),
    # Open to everyone: load balancers and browsers ask without logging in.
    "healthz": ("GET", no_kwargs, None, (200, 200, 200, 200, 200, 200, 200, 200)),
    "favicon": ("GET", no_kwargs, None, (302, 302, 302, 302, 302, 302, 302, 302)),
    # The høring: the lead reviewer sends the draft and closes it; the site's leaders
    # comment while it is out (tests/test_hearing.py).
    "hearing": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 200, 404, 404, 404, 200, 404, 404),
            "hearing": (302, 200, 404, 200, 404, 200, 200, 200),
            "finalized": (302, 200, 404, 200, 404, 200, 200, 200),
        },
    ),
    "hearing_send": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 200, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 403, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    "hearing_close": (
        "POST",
        review_kwargs,
        None,
        {
            "draft": (302, 403, 404, 404, 404, 403, 404, 404),
            "hearing": (302, 302, 404, 403, 404, 403, 403, 403),
            "finalized": (302, 403, 404, 403, 404, 403, 403, 403),
        },
    ),
    # What the site should have ready before the visit: the reviewers and the site's leaders
    # (of a draft too), whatever the state (tests/test_information_request.py).
    "information_request": ("GET", review_kwargs, None, (302, 200, 404, 200, 404, 200, 200, 200)),
    "information_request_pdf": (
        "GET",
        review_kwargs,
        None,
        (302, 200, 404, 200, 404, 200, 200, 200),
    ),
    "review_reopen": (
        "GET",
        review_kwargs,
        None,
        {
            "draft": (302, 302, 404, 404, 404, 302, 404, 404),
            "hearing": (302, 302, 404, 302, 404, 302, 302, 302),
            "finalized": (302, 403, 404, 403, 404, 200, 403, 403),
        },
    ),
}


def test_every_url_has_a_declared_expectation():
    assert sorted(set(all_url_names()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(all_url_names())) == []


@pytest.fixture
def world(request, reviewer, leader, other_leader, reviewer_leader, two_site_leader, monkeypatch):
    # Access is the subject here, not the report: a placeholder PDF keeps 144 finalizations
    # from rendering the real thing (tests/test_report_pdf.py covers that).
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    site = make_site("Vejle Kommune", leaders=[leader, reviewer_leader, two_site_leader])
    kolding = make_site("Kolding Kommune", leaders=[other_leader, two_site_leader])
    make_review(lead=reviewer_leader, site=kolding, scale="ips-15")
    co_reviewer = make_user("co_reviewer", role=roles.REVIEWER)
    review = make_review(lead=reviewer, site=site, scale="ips-15", co_reviewers=[co_reviewer])
    evidence = services.row_add(review=review, model=EvidenceSource)
    area = services.row_add(review=review, model=ImprovementArea)
    if request.param == "finalized":
        finalize(score_all(open_consensus(review)), reviewer)
    elif request.param == "hearing":
        services.hearing_send(
            review=score_all(open_consensus(review)), user=reviewer, deadline=timezone.localdate()
        )
    review.refresh_from_db()
    return World(review, review.item_scores.first(), evidence, area)


CASES = [
    pytest.param(name, state, index, persona, id=f"{name}-{state}-{persona}")
    for name in sorted(EXPECTED)
    for state in ("draft", "hearing", "finalized")
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("name", "world", "index", "persona"), CASES, indirect=["world"])
def test_access(client, request, world, name, index, persona, other_reviewer):
    method, kwargs, data, expected = EXPECTED[name]
    if isinstance(expected, dict):
        expected = expected[request.node.callspec.params["world"]]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse(name, kwargs=kwargs(world))
    payload = data(world) if data else {}
    if method == "GET":
        response = client.get(url, payload)
    else:
        response = client.post(url, payload, HTTP_HX_REQUEST="true")
    assert response.status_code == expected[index], (name, persona)
    if persona == "anonymous" and response.status_code == 302:
        expected_target = "/static/" if name == "favicon" else reverse("login")
        assert response.url.startswith(expected_target)
