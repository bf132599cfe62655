"""Moderation, where a region asks for it: the lead asks a reviewer who is not on the review to
read the agreed draft; that moderator approves it or sends it back with comments; until it is
approved the draft goes neither out for comments nor to finalizing. Who moderated and when is
printed in the report's title block and kept in the review's history."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from outbox.models import Email
from reports.report_context import report_context
from reviews import services
from reviews.access import review_access
from reviews.changelog import review_changes
from reviews.guidance import finalize_blockers
from reviews.models import Hearing, Review
from reviews.moderation import moderation_history
from sites.models import Region
from tests.factories import finalize, make_review, make_site, make_user, open_consensus, score_all


@pytest.fixture
def moderator(db):
    user = make_user("mette", role=roles.REVIEWER, first_name="Mette", last_name="Moderator")
    user.email = "mette@example.dk"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def region_site(leader):
    site = make_site("Køge Kommune", region="Region Sjælland", leaders=[leader])
    Region.objects.filter(pk=site.region_id).update(moderation_required=True)
    site.refresh_from_db()
    return site


@pytest.fixture
def draft(region_site, reviewer, other_reviewer):
    reviewer.email = "rita@example.dk"
    reviewer.save(update_fields=["email"])
    review = make_review(
        lead=reviewer, co_reviewers=[other_reviewer], site=region_site, scale="ips-15"
    )
    review = score_all(open_consensus(review))
    review.summary = "Et godt team."
    review.save(update_fields=["summary"])
    return review


def fresh(review):
    return Review.objects.select_related("site__region").get(pk=review.pk)


def decide(client, review, decision, comment=""):
    return client.post(
        reverse("reviews:moderation_decide", args=[review.pk]),
        {"decision": decision, "comment": comment},
    )


def test_a_draft_of_a_moderated_region_goes_nowhere_until_approved(client, draft, reviewer, leader):
    client.force_login(reviewer)
    page = client.get(draft.get_absolute_url()).text
    assert 'data-testid="moderation-box"' in page
    assert "Regionen beder om en moderering" in page
    with pytest.raises(ValidationError) as refused:
        services.hearing_send(review=draft, user=reviewer, deadline=timezone.localdate())
    assert "moderering" in refused.value.messages[0]
    assert not Hearing.objects.exists()
    send_page = client.post(
        reverse("reviews:hearing_send", args=[draft.pk]), {"deadline": timezone.localdate()}
    )
    assert send_page.status_code == 400
    assert not Hearing.objects.exists()
    finalize_page = client.post(reverse("reports:review_finalize", args=[draft.pk]))
    assert fresh(draft).status == Review.Status.DRAFT
    assert "moderering" in finalize_page.text


def test_the_lead_asks_a_moderator_who_sends_it_back_then_approves(
    client, draft, reviewer, other_reviewer, moderator, leader,
    django_capture_on_commit_callbacks, run_tasks, mailoutbox,
):  # fmt: skip
    client.force_login(reviewer)
    page = client.get(reverse("reviews:moderation", args=[draft.pk])).text
    # Only reviewers who are not on the review are offered.
    assert "Mette Moderator" in page
    assert f'value="{other_reviewer.pk}"' not in page
    assert f'value="{leader.pk}"' not in page

    refused = client.post(
        reverse("reviews:moderation_request", args=[draft.pk]), {"moderator": other_reviewer.pk}
    )
    assert refused.status_code == 400
    assert "Vælg en bedømmer, som ikke er på dette review." in refused.text
    assert fresh(draft).moderation == ""

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("reviews:moderation_request", args=[draft.pk]), {"moderator": moderator.pk}
        )
    assert asked.status_code == 302
    review = fresh(draft)
    assert (review.moderation, review.moderator) == ("pending", moderator)
    assert not review_access(reviewer, review).can_request_moderation

    # The moderator is told, reads the draft, but cannot change it nor read the notes.
    run_tasks()
    assert Email.objects.filter(to="mette@example.dk", kind="moderation").count() == 1
    client.force_login(moderator)
    home = client.get(reverse("overview:home")).text
    assert "Til moderering" in home
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Du er bedt om at moderere dette udkast" in page.text
    assert client.get(reverse("visits:visit", args=[draft.pk])).status_code in (403, 404)
    item = review.item_scores.first()
    save = client.post(
        reverse("reviews:save_item", args=[draft.pk, item.item_id]),
        {"field": "remark", "value": "Mit", "version": item.version},
    )
    assert save.status_code == 403

    # Sending it back needs comments; without, nothing changes.
    assert decide(client, draft, "return").status_code == 400
    assert fresh(draft).moderation == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        back = decide(client, draft, "return", "Item 4: <b>begrund</b> scoren bedre.")
    assert back.status_code == 302
    review = fresh(draft)
    assert review.moderation == "returned"
    assert review.moderation_comment == "Item 4: <b>begrund</b> scoren bedre."
    run_tasks()
    to_lead = Email.objects.get(to="rita@example.dk", kind="moderation")
    assert "begrund" in to_lead.body
    # Decided: the moderator can no longer decide.
    assert decide(client, draft, "approve").status_code == 403

    # The lead reads the comments (escaped) and asks again.
    client.force_login(reviewer)
    page = client.get(reverse("reviews:moderation", args=[draft.pk])).text
    assert "&lt;b&gt;begrund&lt;/b&gt;" in page
    assert "<b>begrund</b>" not in page
    assert "Bed om en moderering igen" in page
    client.post(reverse("reviews:moderation_request", args=[draft.pk]), {"moderator": moderator.pk})

    client.force_login(moderator)
    assert decide(client, draft, "approve").status_code == 302
    review = fresh(draft)
    assert review.moderation == "approved"
    assert review.is_moderated

    # Every step is kept, with who took it, in the moderation's page and the change log.
    client.force_login(reviewer)
    page = client.get(reverse("reviews:moderation", args=[draft.pk])).text
    steps = [step.text for step in moderation_history(review)]
    assert steps == [
        "Rita Reviewer bad Mette Moderator om at moderere udkastet.",
        "Mette Moderator sendte udkastet tilbage.",
        "Rita Reviewer bad Mette Moderator om at moderere udkastet.",
        "Mette Moderator godkendte udkastet.",
    ]
    for step in steps:
        assert step in page
    logged = [c for c in review_changes(review) if c.what == "Moderering"]
    assert [c.value for c in logged] == [
        "Godkendt",
        "Venter på moderering",
        "Sendt tilbage",
        "Venter på moderering",
    ]

    # Now it goes out for comments and is finalized; the report names the moderator.
    services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    finalized = finalize(review, reviewer)
    context = report_context(fresh(finalized))
    assert context["review"].is_moderated
    html = render_to_string("reports/report.html", context)
    date = timezone.localdate().strftime("%-d. ")
    assert "Modereret af</th><td>Mette Moderator, " + date in html


def test_someone_else_cannot_moderate(client, draft, reviewer, other_reviewer, moderator, admin):
    services.moderation_request(review=draft, user=reviewer, moderator=moderator)
    third = make_user("tredje", role=roles.REVIEWER)
    for person, status in ((other_reviewer, 403), (reviewer, 403), (admin, 403), (third, 404)):
        client.force_login(person)
        assert decide(client, draft, "approve").status_code == status, person
    assert fresh(draft).moderation == "pending"
    # A co-reviewer cannot ask either: only the lead.
    client.force_login(other_reviewer)
    response = client.post(
        reverse("reviews:moderation_request", args=[draft.pk]), {"moderator": third.pk}
    )
    assert response.status_code == 403


def test_every_item_needs_its_agreed_score_before_moderation(
    region_site, reviewer, other_reviewer, moderator
):
    review = open_consensus(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], site=region_site, scale="ips-15")
    )
    with pytest.raises(ValidationError) as refused:
        services.moderation_request(review=review, user=reviewer, moderator=moderator)
    assert "før udkastet modereres" in refused.value.messages[0]
    assert fresh(review).moderation == ""


def test_a_region_without_moderation_shows_nothing_of_it(client, reviewer, leader):
    review = score_all(make_review(lead=reviewer, site=make_site(leaders=[leader]), scale="ips-15"))
    client.force_login(reviewer)
    assert 'data-testid="moderation-box"' not in client.get(review.get_absolute_url()).text
    services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    assert Hearing.objects.filter(review=review).exists()


def test_a_coordinator_turns_moderation_on_for_their_region_only(
    client, region_site, admin, leader
):
    coordinator = make_user("koordinator", role=roles.COORDINATOR)
    region = region_site.region
    region.coordinators.add(coordinator)
    elsewhere = make_site("Vejle Kommune").region
    url = reverse("reviews:region_moderation", args=[region.pk])

    client.force_login(coordinator)
    home = client.get(reverse("overview:home")).text
    assert "Region Sjælland: udkast modereres, før de forlader bedømmerne." in home
    page = client.get(url)
    assert page.status_code == 200
    version = Region.objects.get(pk=region.pk).version
    saved = client.post(url, {"version": version})  # the box unticked: off
    assert saved.status_code == 302
    assert not Region.objects.get(pk=region.pk).moderation_required
    kept = Region.history.filter(id=region.pk).latest()
    assert (kept.moderation_required, kept.history_user) == (False, coordinator)

    # A form opened before that save is refused: nothing changes, the other value is shown.
    stale = client.post(url, {"version": version, "moderation_required": "on"})
    assert stale.status_code == 400
    assert 'data-testid="edit-conflict"' in stale.text
    assert not Region.objects.get(pk=region.pk).moderation_required

    other = reverse("reviews:region_moderation", args=[elsewhere.pk])
    assert client.get(other).status_code == 404
    client.force_login(leader)
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert client.get(other).status_code == 200


def test_finalize_waits_for_the_pending_moderation(draft, reviewer, moderator):
    services.moderation_request(review=draft, user=reviewer, moderator=moderator)
    blockers = finalize_blockers(fresh(draft))
    assert any("moderering" in str(blocker.message) for blocker in blockers)
    review = fresh(draft)
    assert not review_access(reviewer, review).can_request_moderation
    assert review_access(moderator, review).can_moderate


def test_the_moderators_decisions_are_in_everything_stored_about_them(
    client, draft, reviewer, moderator, admin
):
    services.moderation_request(review=draft, user=reviewer, moderator=moderator)
    services.moderation_decide(review=draft, user=moderator, approve=False, comment="Se item 4.")
    client.force_login(admin)
    response = client.get(reverse("people:person_export", args=[moderator.pk]))
    rows = list(load_workbook(io.BytesIO(response.content))["Moderering"].values)
    assert rows[0] == ("Review", "Moderering", "Afgjort", "Kommentarer")
    assert rows[1][0] == str(fresh(draft))
    assert (rows[1][1], rows[1][3]) == ("Sendt tilbage", "Se item 4.")
