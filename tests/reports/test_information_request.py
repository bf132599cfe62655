"""The information request: what the site should have ready before the visit, built from the
data sources the scale names for each item, as a page and a PDF."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from reports.information_request import (
    DOCUMENTS,
    FIGURES,
    OBSERVE,
    PEOPLE,
    RECORDS,
    classify,
    information_request,
    interviewees,
)
from scales.models import Item
from tests import pdfaccess
from tests.factories import make_review, make_site, published
from tests.pdftext import normalize, page_texts, tagged_blocks


@pytest.mark.parametrize(
    ("source", "group"),
    [
        ("Caseload-oversigt", FIGURES),
        ("Dokumentation af opstartsdato og første arbejdsgiverkontakt", FIGURES),
        ("Log over arbejdsgiverkontakter", FIGURES),
        ("Handleplaner", DOCUMENTS),
        ("Mødeplaner og referater fra behandlingskonferencer", DOCUMENTS),
        ("Journaler med karriereprofil og jobsøgningsplan", RECORDS),
        ("Interview med IPS-konsulenter og IPS-leder", PEOPLE),
        ("Observation af samtaler", OBSERVE),
    ],
)
def test_each_source_goes_in_its_group(source, group):
    assert classify(source) == group


def test_interviews_are_split_into_the_people_to_talk_to():
    assert interviewees("Interview med ledelsen i jobcentret og psykiatrien og med IPS-leder") == [
        "ledelsen i jobcentret",
        "ledelsen i psykiatrien",
        "IPS-leder",
    ]
    assert interviewees("Interview med IPS-konsulenter, behandlere og arbejdsgivere") == [
        "IPS-konsulenter",
        "behandlere",
        "arbejdsgivere",
    ]


def test_a_source_named_for_several_items_is_listed_once_with_each_item():
    items = [
        SimpleNamespace(number=2, data_sources="Journaler; Interview med IPS-leder"),
        SimpleNamespace(number=1, data_sources="Caseload-oversigt; journaler."),
        SimpleNamespace(number=3, data_sources=""),
    ]
    groups = {group.key: group.entries for group in information_request(items)}
    assert [(e.text, e.items) for e in groups[RECORDS]] == [("Journaler", [1, 2])]
    assert [(e.text, e.items) for e in groups[FIGURES]] == [("Caseload-oversigt", [1])]
    assert [(e.text, e.items) for e in groups[PEOPLE]] == [("IPS-leder", [2])]
    assert OBSERVE not in groups


def test_the_shipped_ips_25_gives_every_group(db):
    groups = {g.key: g for g in information_request(published("ips-25").items.all())}
    assert list(groups) == [FIGURES, DOCUMENTS, RECORDS, PEOPLE, OBSERVE]
    figures = {entry.text: entry.items for entry in groups[FIGURES].entries}
    assert figures["Caseload-oversigt"] == [1]
    assert figures["Dokumentation af opstartsdato og første arbejdsgiverkontakt"] == [15]
    people = {entry.text for entry in groups[PEOPLE].entries}
    assert {"IPS-konsulenter", "IPS-leder", "Ledelsen i jobcentret", "Arbejdsgivere"} <= people
    # Every item that names a source is in the checklist.
    listed = {n for g in groups.values() for e in g.entries for n in e.items}
    assert listed == set(
        Item.objects.filter(scale=published("ips-25"))
        .exclude(data_sources="")
        .values_list("number", flat=True)
    )


@pytest.fixture
def planned(reviewer, leader):
    return make_review(lead=reviewer, site=make_site(leaders=[leader]))


def test_the_page_is_linked_from_the_planned_review(client, planned, reviewer):
    client.force_login(reviewer)
    url = reverse("reports:information_request", args=[planned.pk])
    assert f'href="{url}"' in client.get(planned.get_absolute_url()).text
    page = client.get(url).text
    assert "Informationsanmodning: Vejle Kommune" in page
    assert "Tal og oversigter" in page
    assert "Caseload-oversigt" in page
    assert "Journaler til stikprøve" in page
    assert "01.10.2026" in page


def test_the_sites_leaders_read_it_before_they_may_read_the_draft(
    client, planned, leader, other_leader
):
    client.force_login(leader)
    assert client.get(planned.get_absolute_url()).status_code == 404
    response = client.get(reverse("reports:information_request", args=[planned.pk]))
    assert response.status_code == 200
    # No way back to a review page they may not read.
    assert f'href="{planned.get_absolute_url()}"' not in response.text
    client.force_login(other_leader)
    assert client.get(reverse("reports:information_request", args=[planned.pk])).status_code == 404
    assert (
        client.get(reverse("reports:information_request_pdf", args=[planned.pk])).status_code == 404
    )


@pytest.mark.pdf
def test_the_pdf_carries_the_checklist_in_danish(client, planned, leader):
    client.force_login(leader)
    response = client.get(reverse("reports:information_request_pdf", args=[planned.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "informationsanmodning-vejle-kommune-2026-10-01.pdf" in response["Content-Disposition"]
    text = normalize(" ".join(page_texts(response.content)))
    for words in (
        "Informationsanmodning: Vejle Kommune",
        "Tal og oversigter",
        "Caseload-oversigt",
        "Planer, procedurer og referater",
        "Journaler til stikprøve",
        "Samtaler: hvem bedømmerne gerne vil tale med",
        "Observation af samtaler",
        "Side 1 af",
    ):
        assert normalize(words) in text, words
    # Each thing and its item numbers are two words for a reader of the tags too (the space
    # between the two spans was drawn outside both: "Caseload-oversigt(item 1)").
    assert ("/LBody", "Caseload-oversigt (item 1)") in tagged_blocks(response.content)
    assert pdfaccess.problems(response.content) == []


def test_the_page_runs_a_fixed_number_of_queries(
    client, planned, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    # session, user; review with site, region and scale; reviewers with their users;
    # groups; whether the draft is out for comments (asked for the lead reviewer); items;
    # whether the visit has a programme.
    with django_assert_num_queries(8):
        client.get(reverse("reports:information_request", args=[planned.pk]))


def test_the_leaders_report_page_lists_the_coming_visits(
    client, planned, reviewer, leader, other_leader
):
    from django.utils import timezone

    from reviews import services
    from tests.factories import score_all

    client.force_login(leader)
    page = client.get(reverse("reviews:leader_reports")).text
    assert "Kommende reviews" in page
    assert reverse("reports:information_request", args=[planned.pk]) in page
    assert reverse("reviews:hearing", args=[planned.pk]) not in page

    services.hearing_send(review=score_all(planned), user=reviewer, deadline=timezone.localdate())
    page = client.get(reverse("reviews:leader_reports")).text
    assert reverse("reviews:hearing", args=[planned.pk]) in page
    assert "Udkastet er i høring: kommentér det" in page

    client.force_login(other_leader)
    assert "Kommende reviews" not in client.get(reverse("reviews:leader_reports")).text
