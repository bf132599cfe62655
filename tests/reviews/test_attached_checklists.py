"""A checklist filled in with a review: the lead adds it while the review is a draft; it is
its own review (same site, visit and reviewers), answered, agreed and finalized by the same
rules; the review is finalized after it and prints it in its report."""

import pytest
from django.urls import reverse

from reports import pdf as rendering
from reports.finalizing import finalize_problems
from reports.pdf import report_queryset
from reviews.models import Review
from scales.models import Scale
from tests.factories import finalize, make_checklist, make_review, score_all


@pytest.fixture
def review(reviewer, other_reviewer):
    return make_review(lead=reviewer, scale="ips-15", co_reviewers=[other_reviewer])


@pytest.fixture
def checklist_scale(db):
    return make_checklist()


def _attach(client, review, scale):
    return client.post(reverse("reviews:checklist_attach", args=[review.pk]), {"scale": scale.pk})


def test_the_lead_adds_a_checklist_that_is_a_review_of_its_own(
    client, reviewer, other_reviewer, review, checklist_scale
):
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'id="checklists"' in page
    assert f'<option value="{checklist_scale.pk}">TEST-TJEKLISTE v1' in page
    response = _attach(client, review, checklist_scale)
    checklist = Review.objects.get(attached_to=review)
    assert response.url == checklist.get_absolute_url()
    assert checklist.scale == checklist_scale
    assert (checklist.site, checklist.visit_date, checklist.kind) == (
        review.site,
        review.visit_date,
        review.kind,
    )
    assert {(link.user, link.is_lead) for link in checklist.reviewer_links.all()} == {
        (reviewer, True),
        (other_reviewer, False),
    }
    assert checklist.item_scores.count() == 6
    # Each page points to the other; the checklist is no longer offered.
    page = client.get(review.get_absolute_url()).content.decode()
    assert f'<a href="{checklist.get_absolute_url()}">{checklist_scale.name}</a>' in page
    assert "0 af 6 items besvaret" in page
    assert 'action="/reviews/' not in page.split('id="checklists"')[1].split("</section>")[0]
    checklist_page = client.get(checklist.get_absolute_url()).content.decode()
    assert f'href="{review.get_absolute_url()}" data-testid="attached-to"' in checklist_page
    assert 'id="checklists"' not in checklist_page


def test_only_the_lead_adds_one_while_the_review_is_a_draft(
    client, reviewer, other_reviewer, leader, review, checklist_scale
):
    client.force_login(other_reviewer)
    assert _attach(client, review, checklist_scale).status_code == 403
    assert 'id="checklists"' not in client.get(review.get_absolute_url()).content.decode()
    review.site.leaders.add(leader)
    client.force_login(leader)
    assert _attach(client, review, checklist_scale).status_code == 404
    assert not Review.objects.filter(attached_to=review).exists()


def test_a_checklist_twice_or_a_scale_that_is_no_checklist_is_refused_in_danish(
    client, reviewer, review, checklist_scale
):
    client.force_login(reviewer)
    _attach(client, review, checklist_scale)
    again = client.post(
        reverse("reviews:checklist_attach", args=[review.pk]),
        {"scale": checklist_scale.pk},
        follow=True,
    )
    assert "Reviewet har allerede tjeklisten Tjekliste til testene." in again.content.decode()
    scale = Scale.objects.published().get(code="ips-25")
    refused = client.post(
        reverse("reviews:checklist_attach", args=[review.pk]), {"scale": scale.pk}, follow=True
    )
    assert "Vælg en offentliggjort tjekliste." in refused.content.decode()
    assert Review.objects.filter(attached_to=review).count() == 1
    checklist = Review.objects.get(attached_to=review)
    # A checklist takes no checklist of its own.
    assert _attach(client, checklist, checklist_scale).status_code == 302
    assert not Review.objects.filter(attached_to=checklist).exists()


def test_the_review_is_finalized_after_its_checklist_and_prints_it(
    client, reviewer, checklist_scale, placeholder_pdf
):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    _attach(client, review, checklist_scale)
    checklist = Review.objects.get(attached_to=review)
    score_all(review, [4] * 15)
    waiting = "Tjeklisten Tjekliste til testene er ikke afsluttet endnu."
    assert waiting in finalize_problems(report_queryset().get(pk=review.pk))
    page = client.get(review.get_absolute_url()).content.decode()
    assert (
        f'href="{checklist.get_absolute_url()}"' in page.split('data-testid="finalize-blockers"')[1]
    )
    score_all(checklist, [3, 2, 1, 3, 3, 2])
    finalize(checklist, reviewer)
    assert finalize_problems(report_queryset().get(pk=review.pk)) == []
    html = " ".join(rendering.render_report_html(report_queryset().get(pk=review.pk)).split())
    assert "<h2>Tjekliste: Tjekliste til testene</h2>" in html
    assert "Punkt 2</strong> – svar: <strong>Delvist</strong>" in html
    assert "6 af 6 items besvaret." in html
    finalize(review, reviewer)
    # The finalized review cannot take another checklist.
    assert _attach(client, review, checklist_scale).status_code == 403
