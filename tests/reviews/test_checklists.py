"""A checklist: items answered with a few labelled answers (no / partly / yes), no total and
no band; through the same autosave, history, consensus and finalize rules as scores."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import pdf as rendering
from scales import redcap
from scales.exchange import scale_export
from scales.models import Scale
from scales.services import scale_import
from tests.factories import (
    CHECKLIST_CODE,
    checklist_data,
    finalize,
    make_checklist,
    make_review,
    score_all,
)
from tests.pdftext import normalize, page_texts


@pytest.fixture
def checklist_review(reviewer):
    return make_review(lead=reviewer, scale=make_checklist())


def test_a_checklist_travels_as_json_and_as_a_redcap_dictionary(db):
    checklist = make_checklist()
    data = scale_export(checklist)
    assert data["kind"] == "checklist"
    assert data["bands"] == []
    text = redcap.to_csv(redcap.dictionary_rows(data))
    rows = list(csv.DictReader(io.StringIO(text)))
    # Three labelled answers per item, and no calculated total.
    assert rows[4]["Choices, Calculations, OR Slider Labels"] == "1, Nej | 2, Delvist | 3, Ja"
    assert not [row for row in rows if row["Field Type"] == "calc"]
    again = scale_import(data=redcap.scale_data(text))
    assert again.is_checklist
    assert redcap.to_csv(redcap.dictionary_rows(scale_export(again))) == text
    # Scales are unchanged: no "kind" in their files.
    assert "kind" not in scale_export(Scale.objects.published().get(code="ips-15"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sections"][0]["items"][0]["anchors"].pop(), "samme svar"),
        (
            lambda d: d["bands"].append({"min": 6, "max": 18, "label": "X", "level": "good"}),
            "ingen total",
        ),
        (
            lambda d: d["sections"][0]["items"][1].update(anchors=[{"score": 1, "text": "Ja"}]),
            "to til fem svar",
        ),
    ],
)
def test_a_broken_checklist_is_refused(db, change, message):
    data = checklist_data()
    change(data)
    with pytest.raises(ValidationError) as refused:
        scale_import(data=data)
    assert message in " ".join(refused.value.messages)
    assert not Scale.objects.filter(code=CHECKLIST_CODE).exists()


def test_the_review_page_asks_for_answers_and_shows_no_total(client, reviewer, checklist_review):
    review = score_all(checklist_review, [3, 2, 1, 3, 3, 2])
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "6 af 6 items besvaret" in page
    assert page.count("Punkt 1 – </span>Svar</legend>") == 1
    assert '<span class="anchor-text">Delvist</span>' in page
    assert "data-summary-total" not in page
    assert "data-summary-band" not in page


def test_a_checklist_is_not_offered_in_the_overview(client, admin, checklist_review):
    client.force_login(admin)
    page = client.get(reverse("overview:overview")).content.decode()
    assert CHECKLIST_CODE.upper() not in page


@pytest.mark.pdf
def test_the_report_lists_the_answers(reviewer, checklist_review):
    review = finalize(score_all(checklist_review, [3, 2, 1, 3, 3, 2]), reviewer)
    text = normalize(" ".join(page_texts(rendering.render_report_pdf(review))))
    for expected in (
        "Tjekliste",
        "Punkt 2 – svar: Delvist",
        "Punkt 3 – svar: Nej",
        "Bemærkning til item 2",
    ):
        assert normalize(expected) in text
    for absent in ("Resultat", "TOTALSCORE", "Intervaller for"):
        assert normalize(absent) not in text


def test_two_reviewers_answer_on_their_own_and_agree_in_the_consensus(
    client, reviewer, other_reviewer
):
    from tests.factories import open_consensus, rate

    review = make_review(lead=reviewer, scale=make_checklist(), co_reviewers=[other_reviewer])
    rate(review, reviewer, [3, 3, 2, 1, 3, 3])
    rate(review, other_reviewer, [3, 2, 2, 1, 3, 3])
    open_consensus(review)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:consensus", args=[review.pk])).content.decode()
    # The answers given side by side, by their labels; item 2 differs.
    assert "Delvist" in page
    assert "6 af 6 items besvaret" not in page
    row = review.item_scores.get(item__number=2)
    response = client.post(
        reverse("reviews:save_item", args=[review.pk, row.pk]),
        {"field": "score", "value": "2", "version": row.version},
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.score == 2
    # Kept in the history like a score, by whom.
    latest = row.history.first()
    assert (latest.score, latest.history_user) == (2, reviewer)
