"""The next action plan starts from the open actions of the previous one: offered, carried
over with where they came from, marked in the old plan, once."""

import datetime

import pytest
from django.urls import reverse

from followup.models import Action
from followup.plan import carryover
from tests.factories import finalize, make_review, make_site, score_all
from tests.followup.test_action_plan import make_action


@pytest.fixture
def rounds(reviewer, leader, placeholder_pdf):
    site = make_site(leaders=[leader])
    first = finalize(
        score_all(
            make_review(
                lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2025, 3, 1)
            )
        ),
        reviewer,
    )
    row = first.item_scores.get(item__number=4)
    open_one = make_action(first, leader, text="Fast mødetid med psykiatrien", item_score=row)
    going = make_action(
        first, leader, text="Jobudvikling hver uge", status=Action.Status.IN_PROGRESS
    )
    make_action(first, leader, text="Ny folder", status=Action.Status.DONE)
    make_action(first, leader, text="Droppet idé", status=Action.Status.DROPPED)
    second = finalize(
        score_all(
            make_review(
                lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2026, 3, 1)
            )
        ),
        reviewer,
    )
    return first, second, open_one, going


def test_the_new_plan_offers_the_open_actions_of_the_previous_one(client, leader, rounds):
    first, second, open_one, going = rounds
    offered = carryover(second)
    assert offered.previous == first
    assert [a.text for a in offered.actions] == [open_one.text, going.text]  # not done/dropped
    client.force_login(leader)
    page = client.get(reverse("followup:action_plan", args=[second.pk])).text
    assert 'data-testid="carryover"' in page
    assert "2 åbne handlinger fra den forrige handleplan" in page
    assert "Ny folder" not in page


def test_carrying_over_continues_the_actions_here_and_marks_them_in_the_old_plan(
    client, leader, rounds
):
    first, second, open_one, going = rounds
    client.force_login(leader)
    response = client.post(
        reverse("followup:action_carry_over", args=[second.pk]),
        {"action": [open_one.pk, going.pk]},
    )
    assert response.status_code == 302
    new = {a.text: a for a in Action.objects.filter(review=second)}
    assert set(new) == {open_one.text, going.text}
    moved = new[open_one.text]
    assert moved.carried_from == open_one
    assert (moved.responsible, moved.due_date, moved.status) == (
        open_one.responsible,
        open_one.due_date,
        Action.Status.NOT_STARTED,
    )
    assert moved.item_score.review == second
    assert moved.item_score.item.number == 4  # the same item's recommendation this round
    assert new[going.text].status == Action.Status.IN_PROGRESS
    open_one.refresh_from_db()
    assert open_one.status == Action.Status.CARRIED
    assert open_one.history.first().history_change_reason == "carried"
    # Nothing more to offer; where each came from, and where the old one goes on.
    assert carryover(second) is None
    page = client.get(reverse("followup:action_plan", args=[second.pk])).text
    assert "Ført videre fra" in page
    assert "2 handlinger er ført videre fra den forrige handleplan." in page
    old_page = client.get(reverse("followup:action_plan", args=[first.pk])).text
    assert "Fortsætter i" in old_page
    assert "Ført videre" in old_page
    # A carried action is no longer due in the old plan (no double notices).
    assert not Action.objects.open().filter(review=first).exists()


def test_an_action_is_carried_once_and_only_by_the_plans_keepers(client, leader, reviewer, rounds):
    _first, second, open_one, _going = rounds
    client.force_login(reviewer)
    url = reverse("followup:action_carry_over", args=[second.pk])
    assert client.post(url, {"action": [open_one.pk]}).status_code == 403  # reads, keeps not
    assert not Action.objects.filter(review=second).exists()
    client.force_login(leader)
    client.post(url, {"action": [open_one.pk]})
    again = client.post(url, {"action": [open_one.pk]}, follow=True)
    assert "Vælg mindst én handling" in again.text  # it is no longer offered
    assert Action.objects.filter(review=second, carried_from=open_one).count() == 1


def test_no_previous_plan_offers_nothing(client, leader, rounds):
    first, _second, _open_one, _going = rounds
    assert carryover(first) is None
    client.force_login(leader)
    assert (
        'data-testid="carryover"'
        not in client.get(reverse("followup:action_plan", args=[first.pk])).text
    )
