"""Saving one field at a time: versions, conflicts, bad input, and who may save."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import EvidenceSource, ItemScore, Review
from tests.factories import finalize, make_review, make_site, open_consensus, score_all


@pytest.fixture
def review(reviewer, other_reviewer):
    # Both reviewers have rated on their own, so the agreed scores are open for editing.
    return open_consensus(make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15"))


@pytest.fixture
def row(review):
    return review.item_scores.get(item__number=1)


def save_item(client, review, row, field, value, version=None):
    return client.post(
        reverse("reviews:save_item", args=[review.pk, row.pk]),
        {"field": field, "value": value, "version": row.version if version is None else version},
    )


def test_a_save_based_on_an_old_version_is_refused_at_the_model_level(
    row, reviewer, other_reviewer
):
    services.field_save(
        obj=row, field="remark", raw_value="Otto skrev dette", base_version=1, user=other_reviewer
    )
    with pytest.raises(services.StaleVersion) as excinfo:
        services.field_save(
            obj=row, field="remark", raw_value="Rita skrev dette", base_version=1, user=reviewer
        )
    assert excinfo.value.current.remark == "Otto skrev dette"
    row.refresh_from_db()
    assert (row.remark, row.version) == ("Otto skrev dette", 2)


def test_saving_a_field_returns_the_new_version(client, reviewer, review, row):
    client.force_login(reviewer)
    response = save_item(client, review, row, "score", "4")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["version"] == 2
    assert data["values"] == {"score": "4", "remark": "", "recommendation": "", "observed": ""}
    row.refresh_from_db()
    assert (row.score, row.updated_by) == (4, reviewer)


def test_a_stale_save_gets_409_with_the_other_persons_text(
    client, reviewer, other_reviewer, review, row
):
    client.force_login(other_reviewer)
    save_item(client, review, row, "remark", "Ottos tekst om caseload")
    client.force_login(reviewer)
    response = save_item(client, review, row, "remark", "Ritas tekst", version=1)
    assert response.status_code == 409
    data = response.json()
    assert data["conflict"] is True
    assert data["values"]["remark"] == "Ottos tekst om caseload"
    assert data["version"] == 2
    assert data["by"] == "Otto Other"
    row.refresh_from_db()
    assert row.remark == "Ottos tekst om caseload"


def test_newlines_are_kept_and_normalised(client, reviewer, review, row):
    client.force_login(reviewer)
    save_item(client, review, row, "remark", "Første afsnit.\r\n\r\nAndet afsnit.  ")
    row.refresh_from_db()
    assert row.remark == "Første afsnit.\n\nAndet afsnit.  "


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", "7", "Scoren skal være et helt tal fra 1 til 5."),
        ("score", "3.5", "Scoren skal være et helt tal fra 1 til 5."),
        ("remark", "x" * 10_001, "højst"),
        ("recommendation", "y" * 10_001, "højst"),
        ("item", "2", "Dette felt kan ikke gemmes her."),
        ("version", "9", "Dette felt kan ikke gemmes her."),
    ],
)
def test_bad_input_gets_a_danish_message_and_changes_nothing(
    client, reviewer, review, row, field, value, message
):
    client.force_login(reviewer)
    response = save_item(client, review, row, field, value)
    assert response.status_code == 400
    assert message in response.json()["error"]
    row.refresh_from_db()
    assert (row.score, row.remark, row.recommendation, row.version) == (None, "", "", 1)


def test_html_is_stored_as_typed_and_shown_escaped(client, reviewer, review, row):
    client.force_login(reviewer)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    save_item(client, review, row, "remark", script)
    row.refresh_from_db()
    assert row.remark == script
    page = client.get(review.get_absolute_url()).text
    assert script not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_save_for_an_item_of_another_review_is_refused(client, reviewer, review):
    other = make_review(lead=reviewer, site=make_site("Kolding Kommune"), scale="ips-15")
    foreign_row = other.item_scores.first()
    client.force_login(reviewer)
    response = save_item(client, review, foreign_row, "score", "3")
    assert response.status_code == 404
    assert "findes ikke" in response.json()["error"]
    foreign_row.refresh_from_db()
    assert foreign_row.score is None


def test_a_save_to_a_finalized_review_is_refused(client, reviewer, review, row):
    finalize(score_all(review), reviewer)
    client.force_login(reviewer)
    response = save_item(client, review, row, "remark", "For sent")
    assert response.status_code == 403
    assert response.json()["error"] == "Reviewet er afsluttet og kan ikke ændres."
    row.refresh_from_db()
    assert row.remark == "Bemærkning til item 1"


def test_a_reviewer_not_on_the_review_cannot_save(client, review, row, django_user_model):
    from accounts import roles
    from tests.factories import make_user

    stranger = make_user("stranger", role=roles.REVIEWER)
    client.force_login(stranger)
    response = save_item(client, review, row, "score", "5")
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.score is None


def test_header_fields_save_with_their_own_version(client, reviewer, review):
    client.force_login(reviewer)
    url = reverse("reviews:save_header", args=[review.pk])
    response = client.post(url, {"field": "summary", "value": "Et resumé", "version": 1})
    assert response.json()["version"] == 2
    response = client.post(url, {"field": "visit_end_date", "value": "2026-09-01", "version": 2})
    assert response.status_code == 400
    assert "Sidste besøgsdato" in response.json()["error"]
    response = client.post(url, {"field": "kind", "value": "self", "version": 2})
    assert response.status_code == 200
    review.refresh_from_db()
    assert (review.summary, review.kind, review.visit_end_date) == ("Et resumé", "self", None)


def test_evidence_and_areas_are_added_saved_and_removed(client, reviewer, review):
    client.force_login(reviewer)
    client.post(reverse("reviews:evidence_add", args=[review.pk]), HTTP_HX_REQUEST="true")
    source = review.evidence.get()
    response = client.post(
        reverse("reviews:save_evidence", args=[review.pk, source.pk]),
        {"field": "count", "value": "6", "version": 1},
    )
    assert response.json()["values"]["count"] == "6"
    response = client.post(
        reverse("reviews:save_evidence", args=[review.pk, source.pk]),
        {"field": "count", "value": "seks", "version": 2},
    )
    assert response.status_code == 400
    client.post(reverse("reviews:evidence_remove", args=[review.pk, source.pk]))
    assert not review.evidence.exists()

    for text in ("Første", "Anden"):
        client.post(reverse("reviews:area_add", args=[review.pk]))
        area = review.improvement_areas.order_by("-pk").first()
        client.post(
            reverse("reviews:save_area", args=[review.pk, area.pk]),
            {"field": "text", "value": text, "version": 1},
        )
    second = review.improvement_areas.get(text="Anden")
    client.post(reverse("reviews:area_move", args=[review.pk, second.pk]), {"direction": "up"})
    assert list(review.improvement_areas.values_list("text", flat=True)) == ["Anden", "Første"]


def test_basis_is_suggested_from_the_evidence(client, reviewer, review):
    client.force_login(reviewer)
    services.row_add(review=review, model=EvidenceSource)
    source = review.evidence.get()
    source.count = 6
    source.description = "IPS-konsulenter og ledere"
    source.save()
    response = client.get(reverse("reviews:basis_suggestion", args=[review.pk]))
    assert response.json()["text"] == "Rapporten bygger på 6 interviews: IPS-konsulenter og ledere."


def test_every_change_is_in_the_history_with_who_and_when(client, reviewer, review, row):
    client.force_login(reviewer)
    save_item(client, review, row, "score", "3")
    record = ItemScore.history.filter(id=row.pk).first()
    assert record.history_user == reviewer
    assert record.history_change_reason == "score"
    page = client.get(reverse("reviews:review_log", args=[review.pk])).text
    assert "Rita Reviewer ændrede" in page
    assert "Item 1. Sagsstamme – Score" in page


def test_only_the_lead_reviewer_finalizes(client, reviewer, other_reviewer, review):
    score_all(review)
    client.force_login(other_reviewer)
    response = client.post(reverse("reports:review_finalize", args=[review.pk]))
    assert response.status_code == 403
    client.force_login(reviewer)
    response = client.post(reverse("reports:review_finalize", args=[review.pk]), {"confirm": "on"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.FINALIZED


def test_finalizing_an_incomplete_review_explains_what_is_missing(client, reviewer, review):
    client.force_login(reviewer)
    response = client.post(reverse("reports:review_finalize", args=[review.pk]), {"confirm": "on"})
    assert "mangler en score" in response.text
    assert "Resuméet skal skrives." in response.text
