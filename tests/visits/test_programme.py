"""The visit's programme printed for the site: one page with every session's time, what it is,
its reviewer and the items it informs, and none of the reviewers' notes."""

import pytest
from django.urls import reverse

from tests import pdfaccess
from tests.factories import make_review, make_site
from tests.pdftext import normalize, page_texts
from tests.visits.test_visits import add_note, add_session
from visits.models import Session


@pytest.fixture
def review(reviewer, other_reviewer, leader):
    return make_review(
        lead=reviewer,
        scale="ips-15",
        co_reviewers=[other_reviewer],
        site=make_site("Vejle Kommune", leaders=[leader]),
    )


def _plan(client, review):
    add_session(client, review, "IPS-konsulenterne", (2, 3))
    # An earlier one planned later, and an untimed one, which goes last.
    client.post(
        reverse("visits:session_add", args=[review.pk]),
        {"kind": "interview", "title": "Teamlederen", "starts_at": "2026-10-01T08:00"},
    )
    client.post(
        reverse("visits:session_add", args=[review.pk]),
        {"kind": "observation", "title": "Et teammøde med psykiatrien"},
    )
    first = Session.objects.get(title="Teamlederen")
    add_note(client, review, first, "Lederen nævner navnet på en kandidat.", (1,))


def test_the_leaders_and_reviewers_get_the_programme_and_others_do_not(
    client, reviewer, leader, review, placeholder_pdf
):
    client.force_login(reviewer)
    _plan(client, review)
    page = client.get(reverse("visits:visit", args=[review.pk])).content.decode()
    assert f'href="/reviews/{review.pk}/besoeg/program.pdf"' in page
    client.force_login(leader)
    assert client.get(reverse("visits:programme_pdf", args=[review.pk])).status_code == 200
    # The leader finds it beside the information request they prepare for the visit.
    request = client.get(reverse("reports:information_request", args=[review.pk]))
    assert 'data-testid="programme-pdf"' in request.content.decode()


def test_the_sessions_come_in_time_order_untimed_last(client, reviewer, review):
    from visits.views import programme_sessions

    client.force_login(reviewer)
    _plan(client, review)
    assert [s.title for s in programme_sessions(review)] == [
        "Teamlederen",
        "IPS-konsulenterne",
        "Et teammøde med psykiatrien",
    ]


@pytest.mark.pdf
def test_the_programme_is_one_danish_page_without_the_notes(client, reviewer, leader, review):
    client.force_login(reviewer)
    _plan(client, review)
    client.force_login(leader)
    response = client.get(reverse("visits:programme_pdf", args=[review.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "besoegsprogram-vejle-kommune-2026-10-01.pdf" in response["Content-Disposition"]
    pages = page_texts(response.content)
    assert len(pages) == 1
    text = normalize(pages[0])
    for words in (
        "Program for besøget: Vejle Kommune",
        "Fidelity review (IPS-15), 1. oktober 2026",
        "Tidspunkt Hvad Bedømmer Items",
        "1/10 08:00 Interview: Teamlederen",
        "1/10 09:00 Interview: IPS-konsulenterne",
        "ikke fastsat Observation: Et teammøde med psykiatrien",
        "Side 1 af 1",
    ):
        assert normalize(words) in text, words
    assert "kandidat" not in text  # the note stays with the reviewers
    assert pdfaccess.problems(response.content) == []
