"""Every URL × every persona × every stage of a review against a declared expectation.

Each URL states by name who succeeds (`allow`); everyone else who is logged in gets 403 if
they may read the review or site the URL is about and 404 if they may not (so outsiders learn
nothing of what exists); the anonymous are sent to log in. A review's URLs are checked in
each stage of the lifecycle the world holds: a draft in the rating stage, a draft in its
consensus, a draft out for comments (høring) and a finalized review; every other URL once.

Each stage's world is built once per test worker and rolled back at the end; each request
runs in a savepoint of it. `test_every_url_has_a_declared_expectation` fails until a new URL
pattern is added here.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from followup.models import Action
from outcomes.models import OutcomePeriod
from reviews import services
from reviews.models import EvidenceSource, ImprovementArea
from sites.models import Cluster
from tests.clients import Client
from tests.factories import (
    finalize,
    make_review,
    make_site,
    make_user,
    open_consensus,
    score_all,
)
from tests.urlwalk import all_url_names
from visits.models import Note, Session

# Each test also runs in a transaction of its own, inside the world's (rolled back).
pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "reviewer",  # the lead reviewer of the review
    "other_reviewer",
    "leader",  # leads the review's site
    "other_leader",  # leads another site
    "admin",
    # Bedømmer and Leder at once: leads the review's site, reviews another site's review.
    "reviewer_leader",
    # Leads the review's site and the other site.
    "two_site_leader",
    # Regional coordinator of the review's region; the national reader.
    "coordinator",
    "national",
)
LOGGED_IN = frozenset(PERSONAS) - {"anonymous"}
STAGES = ("rating", "consensus", "hearing", "finalized")

SITE_LEADERS = frozenset({"leader", "reviewer_leader", "two_site_leader"})
# Who reads the review in each stage: its leaders only once it is out for comments.
FOLLOWERS = frozenset({"coordinator", "national"})
READERS = {
    "rating": frozenset({"reviewer", "admin"}),
    "consensus": frozenset({"reviewer", "admin"}),
    "hearing": frozenset({"reviewer", "admin"}) | SITE_LEADERS,
    # Finalized reports: the region's coordinator and the national reader too.
    "finalized": frozenset({"reviewer", "admin"}) | SITE_LEADERS | FOLLOWERS,
}
# Who enters the site's outcome figures: its reviewers, leaders and administrators.
OUTCOME_WRITERS = frozenset({"reviewer", "admin"}) | SITE_LEADERS
SITE_READERS = OUTCOME_WRITERS | FOLLOWERS
# What the site should have ready for the visit: its leaders read it before any draft.
INFORMATION_READERS = OUTCOME_WRITERS
# The visit's plan and notes: the review's reviewers only (this world's review has one of
# the personas on it), written until finalizing.
NOTE_READERS = frozenset({"reviewer"})
REVIEWERS = frozenset({"reviewer", "other_reviewer", "reviewer_leader"})
LEADERS = SITE_LEADERS | {"other_leader"}


def by_stage(**stages):
    """{stage: personas} with the stages not named granting no one."""
    return {stage: frozenset(stages.get(stage, ())) for stage in STAGES}


@dataclass(frozen=True)
class Expect:
    """`allow` succeed with `ok`; the other logged-in personas get `denied`, or 404 when they
    are in `hidden`; the anonymous get `anonymous`. A value given as {stage: value} differs
    by the review's stage; `per_stage` says whether the URL is checked in every stage."""

    method: str
    kwargs: object
    allow: object
    ok: object = 200
    denied: int = 403
    hidden: object = frozenset()
    anonymous: int = 302
    data: object = None
    per_stage: bool = False
    # A persona whose answer differs from the rule above: {persona: status or {stage: status}}.
    special: object = None

    def status(self, persona, stage):
        if persona == "anonymous":
            return self.anonymous
        if self.special and persona in self.special:
            value = self.special[persona]
            return value[stage] if isinstance(value, dict) else value
        allow, ok, hidden = (
            value[stage] if isinstance(value, dict) else value
            for value in (self.allow, self.ok, self.hidden)
        )
        if persona in allow:
            return ok
        return 404 if persona in hidden else self.denied


def page(kwargs=lambda w: {}, *, allow, method="GET", **options):
    """A page about no review or site."""
    return Expect(method, kwargs, frozenset(allow), **options)


def everyone(status, kwargs=lambda w: {}):
    """The same answer for everyone, logged in or not."""
    return page(kwargs, allow=LOGGED_IN, ok=status, anonymous=status)


def site_page(kwargs, *, allow, method="GET", **options):
    """A page about the review's site: 404 to those who may not read the site."""
    return Expect(method, kwargs, frozenset(allow), hidden=LOGGED_IN - SITE_READERS, **options)


def review_page(kwargs, *, allow, method="GET", readers=None, **options):
    """A page about the review, checked in every stage: 404 to those who may not read it."""
    readers = readers if readers is not None else READERS
    hidden = (
        {stage: LOGGED_IN - readers[stage] for stage in STAGES}
        if isinstance(readers, dict)
        else LOGGED_IN - readers
    )
    return Expect(method, kwargs, allow, hidden=hidden, per_stage=True, **options)


@dataclass
class World:
    review: object
    row: object
    evidence: object
    area: object
    people: dict = field(default_factory=dict)
    session: object = None
    note: object = None


def review_kwargs(w):
    return {"pk": w.review.pk}


def item_kwargs(w):
    return {"pk": w.review.pk, "item_pk": w.row.pk}


def evidence_kwargs(w):
    return {"pk": w.review.pk, "row_pk": w.evidence.pk}


def area_kwargs(w):
    return {"pk": w.review.pk, "row_pk": w.area.pk}


def rating_kwargs(w):
    return {"pk": w.review.pk, "item_pk": w.row.item_id}


def site_kwargs(w):
    return {"pk": w.review.site_id}


def outcome_site_kwargs(w):
    return {"site_pk": w.review.site_id}


def period_kwargs(w):
    # The review's site has figures for one quarter (made here, so every world has them).
    period, _ = OutcomePeriod.objects.get_or_create(
        site=w.review.site, start="2024-01-01", end="2024-03-31"
    )
    return {"site_pk": w.review.site_id, "pk": period.pk}


def action_kwargs(w):
    # The review has one action (made here, whatever its stage, so every world has it).
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


def cluster_kwargs(w):
    cluster, _ = Cluster.objects.get_or_create(region=w.review.site.region, name="Trekanten")
    return {"pk": cluster.pk}


ADMIN = {"admin"}
LEAD = {"reviewer"}
WRITERS = by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD)  # the header, evidence, areas
PLAN_READERS = by_stage(finalized=READERS["finalized"] - {"national"})  # no plans nationally
PLAN_KEEPERS = by_stage(finalized=SITE_LEADERS)


def save(field, value, row):
    return lambda w: {"field": field, "value": value, "version": getattr(w, row).version}


EXPECTED = {
    # Logged-in personas passed the second factor already (tests/conftest.py); the page
    # sends them on, or to set one up if they have none (tests/accounts/test_second_factor.py).
    "accounts:login": page(allow=(), denied=302, anonymous=200),
    "accounts:second_factor": everyone(302),
    "accounts:second_factor_setup": page(allow=LOGGED_IN),
    # Reviewers have no authenticator in the world: they are sent to set one up.
    "accounts:recovery_codes": page(allow=LEADERS | ADMIN | FOLLOWERS, denied=302),
    # Choosing a password through a one-time link is for people who are not logged in; a
    # made-up link shows that it does not work (tests/accounts/test_invitations.py).
    "accounts:password_reset": everyone(200),
    "accounts:password_reset_done": everyone(200),
    "accounts:password_reset_confirm": everyone(
        200, lambda w: {"uidb64": "MQ", "token": "cz6a1b-0123456789abcdef"}
    ),
    "accounts:password_reset_complete": everyone(200),
    "accounts:invitation_accept": everyone(
        200, lambda w: {"uidb64": "MQ", "token": "cz6a1b-0123456789abcdef"}
    ),
    "accounts:logout": everyone(405),
    # The start page: what waits for each role; no role gets a page saying so.
    "overview:home": page(allow=LOGGED_IN),
    # Each person's own choice of e-mail notices.
    "notices:notice_settings": page(allow=LOGGED_IN),
    "people:people": page(allow=ADMIN),
    "people:person_invite": page(allow=ADMIN),
    # The person chose a password already: the administrator is told so and sent back.
    "people:person_reinvite": page(
        lambda w: {"pk": w.review.created_by_id}, allow=ADMIN, ok=302, method="POST"
    ),
    "people:person_deactivate": page(lambda w: {"pk": w.review.created_by_id}, allow=ADMIN),
    "people:person_export": page(lambda w: {"pk": w.review.created_by_id}, allow=ADMIN),
    "people:access_log": page(allow=ADMIN),
    "people:access_log_export": page(lambda w: {"fmt": "csv"}, allow=ADMIN),
    "reviews:my_reviews": page(allow=REVIEWERS),
    "reviews:all_reviews": page(allow=ADMIN),
    "reviews:review_create": page(allow=REVIEWERS | {"coordinator"}),
    "reviews:leader_reports": page(allow=LEADERS),
    "scales:scale_list": page(allow=LOGGED_IN),
    "scales:scale_detail": page(lambda w: {"pk": w.review.scale_id}, allow=LOGGED_IN),
    "scales:scale_upload": page(allow=ADMIN),
    "scales:scale_download": page(
        lambda w: {"pk": w.review.scale_id, "fmt": "csv"}, allow=LOGGED_IN
    ),
    # Editing scales: administrators only; a published version's edit pages do not exist
    # (404 to administrators), making a new version from it is the way (test_scale_editing.py).
    "scales:scale_new_version": page(
        lambda w: {"pk": w.review.scale_id}, allow=ADMIN, ok=302, method="POST"
    ),
    "scales:scale_edit": page(lambda w: {"pk": w.review.scale_id}, allow=ADMIN, ok=404),
    "scales:item_edit": page(lambda w: {"pk": w.review.scale_id, "number": 1}, allow=ADMIN, ok=404),
    "scales:scale_publish": page(lambda w: {"pk": w.review.scale_id}, allow=ADMIN, ok=404),
    # Overviews, analytics and exports filter their content by who asks (their own tests).
    "overview:overview": page(allow=LOGGED_IN),
    "overview:overview_pdf": page(allow=LOGGED_IN),
    "overview:export": page(lambda w: {"table": "scores", "fmt": "csv"}, allow=LOGGED_IN),
    "overview:national_export": page(lambda w: {"fmt": "csv"}, allow=ADMIN | {"national"}),
    "analytics:regional_analytics": page(allow=LOGGED_IN),
    # No region has a finalized review in this world: the filters are refused and nothing
    # is exported (the exports themselves: tests/analytics/).
    "analytics:regional_export": page(lambda w: {"fmt": "csv"}, allow=LOGGED_IN, ok=400),
    "analytics:calibration": page(allow=REVIEWERS | ADMIN | {"coordinator"}),
    "followup:upcoming_reviews": page(allow=REVIEWERS | ADMIN | {"coordinator"}),
    "outcomes:outcome_formulas": page(allow=LOGGED_IN),
    # Whoever may enter outcomes for some site (other_leader leads the other site).
    "outcomes:outcomes_import": page(allow=LOGGED_IN - {"other_reviewer"} - FOLLOWERS),
    "outcomes:outcomes_template": page(allow=LOGGED_IN - {"other_reviewer"} - FOLLOWERS),
    # Single sign-on is off in this world (the app has no SAML keys): every SAML address is
    # 404 to everyone (tests/sso/ turn it on).
    "sso:login": everyone(404),
    "sso:acs": everyone(404),
    "sso:logout": page(allow=LOGGED_IN, method="POST", ok=404, anonymous=404),
    "sso:logged_out": everyone(404),
    "sso:logged_out_post": everyone(404),
    "sso:metadata": everyone(404),
    # Open to everyone: load balancers and browsers ask without logging in.
    "ops:healthz": everyone(200),
    "ops:favicon": everyone(302),
    "ops:accessibility": everyone(200),
    # The service worker's script (offline use): it holds nothing of anyone.
    "ops:offline_worker": everyone(200),
    # Sites, regions and clusters are made and changed by administrators (the Steder page).
    "sites:site_list": page(allow=ADMIN),
    "sites:site_create": page(allow=ADMIN),
    "sites:region_create": page(allow=ADMIN),
    "sites:region_edit": page(lambda w: {"pk": w.review.site.region_id}, allow=ADMIN),
    "sites:cluster_create": page(allow=ADMIN),
    "sites:cluster_edit": page(cluster_kwargs, allow=ADMIN),
    "overview:site_detail": site_page(site_kwargs, allow=SITE_READERS),
    # Refused before any lookup: nobody learns which sites exist (sites/views.py).
    "sites:site_edit": page(site_kwargs, allow=ADMIN),
    # Outcomes: entered by the site's leaders, the reviewers on its reviews and administrators.
    "outcomes:outcome_period_create": site_page(outcome_site_kwargs, allow=OUTCOME_WRITERS),
    "outcomes:outcome_period_edit": site_page(period_kwargs, allow=OUTCOME_WRITERS),
    "outcomes:outcome_period_delete": site_page(
        period_kwargs, allow=OUTCOME_WRITERS, ok=302, method="POST"
    ),
    # The next review's date: moved by the site's reviewers, its region's coordinator and
    # administrators.
    "followup:next_review_edit": site_page(site_kwargs, allow=LEAD | ADMIN | {"coordinator"}),
    # The site's current plan: to the finalized review's plan, else a page saying there is none.
    "followup:site_action_plan": Expect(
        "GET",
        site_kwargs,
        SITE_READERS,
        ok={stage: 302 if stage == "finalized" else 200 for stage in STAGES},
        hidden=LOGGED_IN - SITE_READERS,
        per_stage=True,
        # The national reader reads no action plan: the page says there is none to read.
        special={"national": 200},
    ),
    "reviews:review_detail": review_page(review_kwargs, allow=READERS),
    "reviews:review_log": review_page(review_kwargs, allow=READERS),
    "reports:report_pdf": review_page(review_kwargs, allow=READERS),
    "reports:information_request": review_page(
        review_kwargs, allow=INFORMATION_READERS, readers=INFORMATION_READERS
    ),
    "reports:information_request_pdf": review_page(
        review_kwargs, allow=INFORMATION_READERS, readers=INFORMATION_READERS
    ),
    # The visit's programme (sessions, no notes) printed for the site: as the information
    # request.
    "visits:programme_pdf": review_page(
        review_kwargs, allow=INFORMATION_READERS, readers=INFORMATION_READERS
    ),
    # The høring page: the reviewers throughout; the leaders while and after it is out.
    # (not those who follow regions: the høring is between the site and its reviewers)
    "reviews:hearing": review_page(
        review_kwargs, allow={stage: READERS[stage] - FOLLOWERS for stage in STAGES}
    ),
    # Sent by the lead once the consensus has begun; closed by the lead while it is out.
    "reviews:hearing_send": review_page(review_kwargs, allow=by_stage(consensus=LEAD)),
    "reviews:hearing_close": review_page(
        review_kwargs, allow=by_stage(hearing=LEAD), ok=302, method="POST"
    ),
    "reviews:save_header": review_page(
        review_kwargs, allow=WRITERS, method="POST", data=save("summary", "x", "review")
    ),
    # The agreed scores wait for the consensus: in the rating stage nobody saves one.
    "reviews:save_item": review_page(
        item_kwargs,
        allow=by_stage(consensus=LEAD, hearing=LEAD),
        method="POST",
        data=save("remark", "x", "row"),
    ),
    "reviews:save_evidence": review_page(
        evidence_kwargs, allow=WRITERS, method="POST", data=save("roles", "x", "evidence")
    ),
    "reviews:save_area": review_page(
        area_kwargs, allow=WRITERS, method="POST", data=save("text", "x", "area")
    ),
    "reviews:evidence_add": review_page(review_kwargs, allow=WRITERS, method="POST"),
    "reviews:evidence_remove": review_page(evidence_kwargs, allow=WRITERS, method="POST"),
    "reviews:area_add": review_page(review_kwargs, allow=WRITERS, method="POST"),
    "reviews:area_remove": review_page(area_kwargs, allow=WRITERS, method="POST"),
    "reviews:area_move": review_page(
        area_kwargs, allow=WRITERS, method="POST", data=lambda w: {"direction": "up"}
    ),
    "reviews:basis_suggestion": review_page(review_kwargs, allow=WRITERS),
    # One's own rating: open throughout, changed only in the rating stage.
    "reviews:my_rating": review_page(review_kwargs, allow=LEAD),
    "reviews:save_rating": review_page(
        rating_kwargs,
        allow=by_stage(rating=LEAD),
        method="POST",
        data=lambda w: {"field": "score", "value": "3", "version": 1},
    ),
    "reviews:rating_done": review_page(
        review_kwargs, allow=by_stage(rating=LEAD), ok=302, method="POST"
    ),
    "reviews:rating_reopen": review_page(
        review_kwargs, allow=by_stage(rating=LEAD), ok=302, method="POST"
    ),
    # Who is still rating, then the ratings side by side: the reviewers and administrators.
    "reviews:consensus": review_page(review_kwargs, allow=LEAD | ADMIN),
    # The confirmation page; finalizing itself needs the confirmation (test_finalize.py).
    "reports:review_finalize": review_page(
        review_kwargs, allow=by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD)
    ),
    # A draft is not reopened: its readers are sent back to it.
    "reviews:review_reopen": review_page(
        review_kwargs,
        allow={**by_stage(finalized=ADMIN), **{s: READERS[s] for s in STAGES[:3]}},
        ok={"rating": 302, "consensus": 302, "hearing": 302, "finalized": 200},
    ),
    # A checklist filled in with the review: added by the lead while it is a draft (without a
    # checklist chosen, the lead is sent back to the review with a message).
    "reviews:checklist_attach": review_page(
        review_kwargs, allow=WRITERS, method="POST", ok=302, data=lambda w: {}
    ),
    # Moderation: its page for the reviewers, administrators and the moderator; this world's
    # region asks for none, so nobody asks for one or decides.
    "reviews:moderation": review_page(review_kwargs, allow=LEAD | ADMIN),
    "reviews:moderation_request": review_page(
        review_kwargs, allow=by_stage(), method="POST", data=lambda w: {}
    ),
    "reviews:moderation_decide": review_page(
        review_kwargs, allow=by_stage(), method="POST", data=lambda w: {}
    ),
    # Whether a region's drafts are moderated: its coordinators and administrators; 404 to
    # everyone else.
    "reviews:region_moderation": page(
        lambda w: {"pk": w.review.site.region_id}, allow=ADMIN | {"coordinator"}, denied=404
    ),
    "reports:report_rerender": review_page(review_kwargs, allow=by_stage(finalized=ADMIN)),
    "followup:action_plan": review_page(review_kwargs, allow=PLAN_READERS),
    "followup:action_plan_pdf": review_page(review_kwargs, allow=PLAN_READERS),
    "followup:action_plan_export": review_page(
        lambda w: {"pk": w.review.pk, "fmt": "csv"}, allow=PLAN_READERS
    ),
    "visits:visit": review_page(review_kwargs, allow=NOTE_READERS, readers=NOTE_READERS),
    "visits:session_add": review_page(
        review_kwargs,
        allow=by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD),
        readers=NOTE_READERS,
        method="POST",
        ok=302,
        data=lambda w: {"kind": "interview", "title": "Teamlederen"},
    ),
    "visits:note_add": review_page(
        lambda w: {"pk": w.review.pk, "session_pk": w.session.pk},
        allow=by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD),
        readers=NOTE_READERS,
        method="POST",
        ok=302,
        data=lambda w: {f"note-{w.session.pk}-text": "En note mere."},
    ),
    # Only its author changes a note (the world's note is the reviewer's), until finalizing.
    "visits:note_edit": review_page(
        lambda w: {"pk": w.review.pk, "note_pk": w.note.pk},
        allow=by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD),
        readers=NOTE_READERS,
    ),
    "visits:note_delete": review_page(
        lambda w: {"pk": w.review.pk, "note_pk": w.note.pk},
        allow=by_stage(rating=LEAD, consensus=LEAD, hearing=LEAD),
        readers=NOTE_READERS,
        method="POST",
        ok=302,
    ),
    "followup:action_create": review_page(review_kwargs, allow=PLAN_KEEPERS),
    "followup:action_edit": review_page(action_kwargs, allow=PLAN_KEEPERS),
    "followup:action_note": review_page(action_kwargs, allow=PLAN_KEEPERS),
    # Nothing chosen: back to the plan with a message (what is carried: test_carry_over.py).
    "followup:action_carry_over": review_page(
        review_kwargs, allow=PLAN_KEEPERS, ok=302, method="POST"
    ),
}


def test_every_url_has_a_declared_expectation():
    assert sorted(set(all_url_names()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(all_url_names())) == []


def build_world(stage) -> World:
    people = {
        "reviewer": make_user("reviewer", role=roles.REVIEWER),
        "other_reviewer": make_user("other_reviewer", role=roles.REVIEWER),
        "leader": make_user("leader", role=roles.LEADER),
        "other_leader": make_user("other_leader", role=roles.LEADER),
        "admin": make_user("admin", role=roles.ADMINISTRATOR, is_superuser=True),
        "reviewer_leader": make_user("reviewer_leader", role=roles.REVIEWER),
        "two_site_leader": make_user("two_site_leader", role=roles.LEADER),
    }
    people["reviewer_leader"].groups.add(Group.objects.get(name=roles.LEADER))
    people["coordinator"] = make_user("coordinator", role=roles.COORDINATOR)
    people["national"] = make_user("national", role=roles.NATIONAL_READER)
    site = make_site(
        "Vejle Kommune",
        leaders=[people[name] for name in ("leader", "reviewer_leader", "two_site_leader")],
    )
    kolding = make_site(
        "Kolding Kommune", leaders=[people["other_leader"], people["two_site_leader"]]
    )
    people["coordinator"].coordinated_regions.add(site.region)
    make_review(lead=people["reviewer_leader"], site=kolding, scale="ips-15")
    co_reviewer = make_user("co_reviewer", role=roles.REVIEWER)
    review = make_review(
        lead=people["reviewer"], site=site, scale="ips-15", co_reviewers=[co_reviewer]
    )
    evidence = services.row_add(review=review, model=EvidenceSource)
    area = services.row_add(review=review, model=ImprovementArea)
    if stage != "rating":
        score_all(open_consensus(review))
    if stage == "hearing":
        services.hearing_send(review=review, user=people["reviewer"], deadline=timezone.localdate())
    elif stage == "finalized":
        finalize(review, people["reviewer"])
    review.refresh_from_db()
    session = Session.objects.create(
        review=review, kind="interview", title="IPS-konsulenterne", created_by=people["reviewer"]
    )
    note = Note.objects.create(session=session, author=people["reviewer"], text="En note.")
    return World(review, review.item_scores.first(), evidence, area, people, session, note)


@pytest.fixture(scope="module", params=STAGES)
def world(request, django_db_setup, django_db_blocker):
    """The stage's world, built once per worker and module, rolled back at the end."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        # Access is the subject here, not the report (tests/reports/test_report_pdf.py covers it).
        patch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
        with transaction.atomic():
            world = build_world(request.param)
            world.stage = request.param
            world.sessions = {
                name: logged_in_session(person) for name, person in world.people.items()
            }
            yield world
            transaction.set_rollback(True)


def logged_in_session(person) -> str:
    """A session of the person, past the second factor, made once with the world."""
    client = Client()
    client.force_login(person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def answers(world, name) -> dict:
    """The status each persona gets from the URL, each request in a savepoint of the world."""
    expect = EXPECTED[name]
    statuses = {}
    for persona in PERSONAS:
        with transaction.atomic():
            client = Client()
            if persona != "anonymous":
                client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
            url = reverse(name, kwargs=expect.kwargs(world))
            payload = expect.data(world) if expect.data else {}
            if expect.method == "GET":
                response = client.get(url, payload)
            else:
                response = client.post(url, payload, HTTP_HX_REQUEST="true")
            statuses[persona] = response.status_code
            if persona == "anonymous" and response.status_code == 302:
                target = "/static/" if name == "ops:favicon" else reverse("accounts:login")
                assert response.url.startswith(target), name
            transaction.set_rollback(True)
    return statuses


def expected(name, stage) -> dict:
    return {persona: EXPECTED[name].status(persona, stage) for persona in PERSONAS}


REVIEW_URLS = sorted(name for name, expect in EXPECTED.items() if expect.per_stage)
OTHER_URLS = sorted(name for name, expect in EXPECTED.items() if not expect.per_stage)


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_a_review_url_answers_each_persona_in_each_stage(world, name):
    assert answers(world, name) == expected(name, world.stage)


# The review's stage does not matter to these: checked in one world.
@pytest.mark.parametrize("world", STAGES[:1], indirect=True)
@pytest.mark.parametrize("name", OTHER_URLS)
def test_a_url_answers_each_persona(world, name):
    assert answers(world, name) == expected(name, world.stage)


@pytest.mark.parametrize("world", STAGES[:1], indirect=True)
def test_the_admin_site_answers_its_rule_without_a_loop(world):
    """`can_use_admin_site` decides, not `is_staff`; a logged-in person it refuses gets a
    Danish 403 instead of being sent to log in again and again."""
    url = reverse("admin:index")
    statuses = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.people[persona])
        response = client.get(url, follow=True)
        statuses[persona] = response.status_code
        if persona == "anonymous":
            assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next=/admin/"
        elif response.status_code == 403:
            assert "Administrationen er for administratorer." in response.text
    assert statuses == {
        persona: 200 if persona in ADMIN | {"anonymous"} else 403 for persona in PERSONAS
    }
