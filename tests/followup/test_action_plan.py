"""The action plan of a finalized review: the site's leaders keep it, reviewers and
administrators read it; PDF, CSV and XLSX."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup import services
from followup.models import Action, ActionNote
from reviews import services as review_services
from reviews.models import ImprovementArea
from tests import pdfaccess
from tests.clients import Client
from tests.factories import finalize, make_review, make_site, score_all
from tests.pdftext import normalize, page_texts


@pytest.fixture
def review(reviewer, leader, placeholder_pdf):
    site = make_site(leaders=[leader])
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    area = review_services.row_add(review=review, model=ImprovementArea)
    area.text = "Flere virksomhedskontakter"
    area.save()
    return finalize(score_all(review), reviewer)


def first_row(review):
    return review.item_scores.order_by("item__number").first()


def make_action(review, user, **extra):
    values = {
        "text": "Ugentlige møder",
        "responsible": "IPS-leder",
        "due_date": datetime.date(2027, 3, 1),
        "status": Action.Status.NOT_STARTED,
        **extra,
    }
    return services.action_create(review=review, user=user, **values)


def action_data(**extra):
    return {
        "text": "Ugentlige møder med psykiatrien",
        "responsible": "Teamleder",
        "due_date": "2027-03-01",
        "status": "in_progress",
        **extra,
    }


def test_the_leader_makes_an_action_from_a_recommendation(client, leader, review):
    row = first_row(review)
    client.force_login(leader)
    url = reverse("followup:action_create", args=[review.pk]) + f"?kilde=item-{row.pk}"
    page = client.get(url).text
    assert row.recommendation in page  # the recommendation is the starting text
    response = client.post(url, {**action_data(), "kilde": f"item-{row.pk}"})
    action = Action.objects.get()
    assert response.url == action.get_absolute_url()
    assert (action.item_score, action.area, action.created_by) == (row, None, leader)
    assert action.status == Action.Status.IN_PROGRESS
    page = client.get(reverse("followup:action_plan", args=[review.pk])).text
    assert "Ugentlige møder med psykiatrien" in page


def test_the_leader_makes_an_action_from_an_area(client, leader, review):
    area = review.improvement_areas.get()
    client.force_login(leader)
    url = reverse("followup:action_create", args=[review.pk])
    client.post(url, {**action_data(), "kilde": f"area-{area.pk}"})
    assert Action.objects.get().area == area


def test_the_leader_notes_progress_and_sets_the_status(client, leader, review):
    action = make_action(review, leader)
    client.force_login(leader)
    url = reverse("followup:action_note", args=[review.pk, action.pk])
    data = {"date": "2027-01-10", "text": "Første møde holdt", "status": "done"}
    response = client.post(url, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    note = action.notes.get()
    assert (note.date, note.text, note.author) == (datetime.date(2027, 1, 10), data["text"], leader)


def test_the_leader_edits_an_action(client, leader, review):
    action = make_action(review, leader)
    client.force_login(leader)
    url = reverse("followup:action_edit", args=[review.pk, action.pk])
    client.post(url, action_data(status="dropped", responsible="Jobcenterchef", version=1))
    action.refresh_from_db()
    assert (action.status, action.responsible) == (Action.Status.DROPPED, "Jobcenterchef")


def test_two_leaders_editing_one_action_lose_nothing(client, leader, reviewer_leader, review):
    """The second probe's lost update: the second leader's older form no longer replaces the
    first leader's edit unseen, and every version is kept."""
    review.site.leaders.add(reviewer_leader)
    action = make_action(review, leader)
    url = reverse("followup:action_edit", args=[review.pk, action.pk])
    first, second = client, Client()
    first.force_login(leader)
    second.force_login(reviewer_leader)
    opened = action.version  # both open the form
    first.post(url, action_data(text="Møder hver mandag", version=opened))
    response = second.post(url, action_data(text="Møder hver fredag", version=opened))
    assert response.status_code == 200
    page = response.text
    assert "Nogen andre gemte dette, mens du redigerede det" in page
    assert "Møder hver mandag" in page  # theirs, shown
    assert "Møder hver fredag" in page  # yours, still in the form
    action.refresh_from_db()
    assert action.text == "Møder hver mandag"
    # Saving again, having seen theirs, replaces it knowingly.
    second.post(url, action_data(text="Møder hver fredag", version=action.version))
    action.refresh_from_db()
    assert action.text == "Møder hver fredag"
    texts = list(action.history.order_by("history_id").values_list("text", flat=True))
    assert texts == ["Ugentlige møder", "Møder hver mandag", "Møder hver fredag"]


@pytest.mark.parametrize("persona", ["reviewer", "admin"])
def test_reviewers_and_administrators_read_the_plan_but_do_not_keep_it(
    client, request, persona, leader, review
):
    make_action(review, leader)
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("followup:action_plan", args=[review.pk])).text
    assert "Ugentlige møder" in page
    assert reverse("followup:action_create", args=[review.pk]) not in page
    assert (
        client.post(reverse("followup:action_create", args=[review.pk]), action_data()).status_code
        == 403
    )
    assert Action.objects.count() == 1


def test_another_sites_leader_finds_no_plan(client, other_leader, review):
    client.force_login(other_leader)
    assert client.get(reverse("followup:action_plan", args=[review.pk])).status_code == 404


def test_a_draft_has_no_plan_yet(client, reviewer):
    draft = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    response = client.get(reverse("followup:action_plan", args=[draft.pk]))
    assert response.status_code == 403
    assert "handleplanen" in response.text.lower()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_date": ""}, "Dette felt er påkrævet"),
        ({"due_date": "31.02.2027"}, "Indtast en gyldig dato"),
        ({"text": ""}, "Dette felt er påkrævet"),
        ({"status": "finished"}, "Marker en gyldig valgmulighed"),
        ({"responsible": "x" * 201}, "200 tegn"),
    ],
)
def test_bad_input_is_refused_in_danish_and_changes_nothing(
    client, leader, review, change, message
):
    action = make_action(review, leader)
    client.force_login(leader)
    response = client.post(
        reverse("followup:action_create", args=[review.pk]), action_data(**change)
    )
    assert response.status_code == 200
    assert message in response.text
    response = client.post(
        reverse("followup:action_edit", args=[review.pk, action.pk]), action_data(**change)
    )
    assert message in response.text
    assert Action.objects.count() == 1
    action.refresh_from_db()
    assert (action.text, action.status) == ("Ugentlige møder", Action.Status.NOT_STARTED)


def test_a_note_without_text_is_refused_and_changes_nothing(client, leader, review):
    action = make_action(review, leader)
    client.force_login(leader)
    url = reverse("followup:action_note", args=[review.pk, action.pk])
    response = client.post(url, {"date": "2027-01-10", "text": "", "status": "done"})
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.text
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED
    assert not ActionNote.objects.exists()


def test_a_source_of_another_review_is_not_found(client, leader, reviewer, review):
    other = finalize(
        score_all(make_review(lead=reviewer, site=review.site, scale="ips-15")), reviewer
    )
    foreign = first_row(other)
    client.force_login(leader)
    for key in (f"item-{foreign.pk}", "item-x", "area-99999", "nothing"):
        url = reverse("followup:action_create", args=[review.pk])
        response = client.post(url, {**action_data(), "kilde": key})
        assert response.status_code == 404
    assert not Action.objects.exists()


def test_an_action_of_another_review_is_not_found(client, leader, reviewer, review):
    other = finalize(
        score_all(make_review(lead=reviewer, site=review.site, scale="ips-15")), reviewer
    )
    action = make_action(other, leader)
    client.force_login(leader)
    url = reverse("followup:action_edit", args=[review.pk, action.pk])
    assert client.post(url, action_data(status="done")).status_code == 404
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_text_is_escaped(client, leader, review):
    action = make_action(review, leader, text="<script>alert(1)</script>", responsible="<b>x</b>")
    services.action_note_add(action=action, user=leader, text="<img src=x onerror=alert(2)>")
    client.force_login(leader)
    page = client.get(reverse("followup:action_plan", args=[review.pk])).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page
    assert "<b>x</b>" not in page


def test_the_exports_guard_against_formulas(client, reviewer, leader, review):
    make_action(review, leader, text='=HYPERLINK("http://x")', responsible="@chef")
    client.force_login(reviewer)
    csv = client.get(reverse("followup:action_plan_export", args=[review.pk, "csv"]))
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Handling" in text.splitlines()[0]
    assert "'=HYPERLINK" in text
    assert "'@chef" in text
    xlsx = client.get(reverse("followup:action_plan_export", args=[review.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = list(sheet.rows)[1]
    # In XLSX a string cell is never a formula: stored as text, without the CSV's apostrophe.
    formula = next(cell for cell in cells if cell.value == '=HYPERLINK("http://x")')
    assert formula.data_type == "s"
    assert (
        client.get(reverse("followup:action_plan_export", args=[review.pk, "ods"])).status_code
        == 404
    )


@pytest.mark.pdf
def test_the_plan_downloads_as_a_danish_pdf(client, leader, review, monkeypatch):
    monkeypatch.undo()  # the real renderer
    action = make_action(review, leader, status=Action.Status.IN_PROGRESS)
    services.action_note_add(action=action, user=leader, text="Aftale med psykiatrien")
    client.force_login(leader)
    response = client.get(reverse("followup:action_plan_pdf", args=[review.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = normalize(" ".join(page_texts(response.content)))
    for words in ("Handleplan for Vejle Kommune", "Ugentlige møder", "I gang", "Side 1 af 1"):
        assert normalize(words) in text
    # Dates as the report writes them ("1. marts 2027"), not "01.03.2027".
    assert normalize("1. marts 2027") in text
    assert "01.03.2027" not in text
    assert pdfaccess.problems(response.content) == []


def test_the_plan_page_runs_a_fixed_number_of_queries(
    client, leader, review, django_assert_num_queries
):
    for status, _label in Action.CHOSEN:
        action = make_action(review, leader, status=status)
        services.action_note_add(action=action, user=leader, text="Note")
    client.force_login(leader)
    # session, user, second factor; review with site, region and scale; item scores with
    # items; areas; reviewers with their users; groups; led sites; actions with sources;
    # notes with authors; where actions were carried to; the previous finalized review (to
    # offer its open actions); the access log's insert (the session is written at most once
    # a minute)
    with django_assert_num_queries(14):
        response = client.get(reverse("followup:action_plan", args=[review.pk]))
    assert response.status_code == 200


def test_the_demo_has_a_vejle_plan_and_a_next_review(db, monkeypatch):
    from django.core.management import call_command

    from followup.schedule import site_schedule
    from reviews.models import Review

    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    said = io.StringIO()
    call_command("load_demo", "--without-region", stdout=said)
    # The first load tells each report as it is rendered; a second load renders none.
    assert "report 1: Vejle Kommune, IPS-25, 10.05.2023 (" in said.getvalue()
    again = io.StringIO()
    call_command("load_demo", "--without-region", stdout=again)
    assert "report 1:" not in again.getvalue()
    vejle = Review.objects.get(site__name="Vejle Kommune")
    actions = list(Action.objects.filter(review=vejle).order_by("due_date"))
    assert len(actions) == 5
    assert {a.status for a in actions} == {status for status, _label in Action.CHOSEN}
    assert sum(1 for a in actions if a.item_score_id) == 4
    assert sum(1 for a in actions if a.area_id) == 1
    assert ActionNote.objects.filter(action__review=vejle).count() == 6
    assert site_schedule(vejle.site).next_date == datetime.date(2027, 4, 15)
