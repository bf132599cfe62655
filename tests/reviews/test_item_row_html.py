"""The item rows are rendered once per content (reviews/row_html.py): whatever a row shows
that changes — an action's status in the previous round, a høring comment, a reviewer's
name, their rating, the agreed score — shows the next time the page opens, and the row
template reads nothing but its view."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from followup import services as followup
from followup.models import Action
from reviews import services
from tests.factories import (
    make_review,
    make_site,
    open_consensus,
    previous_round_action,
    rate,
    score_all,
)


@pytest.fixture(autouse=True)
def _placeholder(placeholder_pdf):
    """Every test here finalizes reviews; the report itself is not the subject."""


@pytest.fixture
def site(leader):
    return make_site(leaders=[leader])


@pytest.fixture
def action(reviewer, leader, site):
    """An action the leaders made from item 1 of the site's previous, finalized round."""
    return previous_round_action(
        reviewer=reviewer, leader=leader, site=site, status=Action.Status.NOT_STARTED
    )


@pytest.fixture
def consensus(reviewer, other_reviewer, leader, site, action):
    """A draft of the same site in the consensus, out for comments, with both ratings."""
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    review.reviewer_links.create(user=other_reviewer)
    rate(review, reviewer, [3] * 15, notes="Mine noter")
    rate(review, other_reviewer, [4] * 15, notes="Andres noter")
    score_all(open_consensus(review), [3] * 15)
    services.hearing_send(
        review=review, user=reviewer, deadline=timezone.localdate() + datetime.timedelta(7)
    )
    return review


def article(page, number):
    return page.split(f'id="item-{number}"')[1].split("</article>")[0]


def pages(review):
    return review.get_absolute_url(), reverse("reviews:consensus", args=[review.pk])


def test_a_row_is_rendered_once_and_then_taken_from_the_memo(client, reviewer, consensus):
    client.force_login(reviewer)
    for url in pages(consensus):
        first = client.get(url)
        again = client.get(url)
        assert "reviews/_item_row.html" in [t.name for t in first.templates]
        assert "reviews/_item_row.html" not in [t.name for t in again.templates]
        assert article(again.text, 1) == article(first.text, 1)


def test_an_actions_new_status_shows_the_next_time(client, reviewer, consensus, action):
    client.force_login(reviewer)
    for url in pages(consensus):
        assert "Færre borgere pr. konsulent – <strong>Ikke startet</strong>" in article(
            client.get(url).text, 1
        )
    followup.action_update(
        action=action,
        base_version=action.version,
        text=action.text,
        responsible=action.responsible,
        due_date=action.due_date,
        status=Action.Status.DONE,
    )
    for url in pages(consensus):
        first = article(client.get(url).text, 1)
        assert "Færre borgere pr. konsulent – <strong>Gennemført</strong>" in first
        assert "Ikke startet" not in first


def test_a_new_comment_shows_the_next_time(client, reviewer, leader, consensus):
    client.force_login(reviewer)
    for url in pages(consensus):
        assert "Vi holder møde hver uge." not in client.get(url).text
    item = consensus.scale.items.get(number=4)
    services.hearing_comment_add(
        review=consensus, user=leader, text="Vi holder møde hver uge.", item=item
    )
    for url in pages(consensus):
        assert "Vi holder møde hver uge." in article(client.get(url).text, 4)


def test_a_reviewers_new_name_and_rating_show_the_next_time(
    client, reviewer, other_reviewer, consensus
):
    url = reverse("reviews:consensus", args=[consensus.pk])
    client.force_login(reviewer)
    before = article(client.get(url).text, 2)
    assert other_reviewer.get_full_name() in before
    assert "Andres noter" in before
    other_reviewer.first_name = "Omdøbt"
    other_reviewer.save()
    consensus.ratings.filter(reviewer__user=other_reviewer, item__number=2).update(
        notes="Nye noter", score=5
    )
    after = article(client.get(url).text, 2)
    assert "Omdøbt" in after
    assert "Nye noter" in after
    assert "Andres noter" not in after


def test_a_saved_remark_and_score_show_the_next_time(client, reviewer, consensus):
    client.force_login(reviewer)
    client.get(consensus.get_absolute_url())
    row = consensus.item_scores.get(item__number=3)
    for field, value in (("remark", "En ny <b>bemærkning</b>"), ("score", "5")):
        row.refresh_from_db()
        response = client.post(
            reverse("reviews:save_item", args=[consensus.pk, row.pk]),
            {"field": field, "value": value, "version": row.version},
        )
        assert response.status_code == 200
    for url in pages(consensus):
        third = article(client.get(url).text, 3)
        assert "En ny &lt;b&gt;bemærkning&lt;/b&gt;" in third
        assert 'value="5" data-field="score" checked' in third


def test_the_row_template_reads_nothing_but_its_view(client, reviewer, leader, consensus):
    services.hearing_comment_add(
        review=consensus,
        user=leader,
        text="Se referatet.",
        item=consensus.scale.items.get(number=1),
    )
    engines = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": "UKENDT[%s]"}}
        for engine in settings.TEMPLATES
    ]
    client.force_login(reviewer)
    with override_settings(TEMPLATES=engines):
        for url in pages(consensus):
            page = client.get(url).text
            first = article(page, 1)
            # Every part of the row is there: previous round, comments, ratings, options.
            assert "Færre borgere pr. konsulent" in first
            assert "Se referatet." in first
            assert 'data-field="score"' in first
            assert ("Andres noter" in first) == url.endswith("/konsensus/")
            assert "UKENDT" not in page
