"""Finalizing goes through a summary and a confirmation, never one click; what stops it is
shown where the person is, with a link to each item concerned."""

import re

import pytest
from django.urls import reverse

from reports import views as report_views
from reports.models import FinalReport
from reviews.access import review_access
from reviews.models import EvidenceSource, ImprovementArea, Review
from reviews.text import number_runs
from tests.factories import make_review, open_consensus, rate, score_all


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([], ""),
        ([7], "7"),
        ([3, 4], "3 og 4"),
        ([1, 2, 3], "1–3"),
        ([25, 9, *range(10, 25)], "9–25"),
        ([1, 3, 4, *range(9, 26)], "1, 3, 4 og 9–25"),
        ([2, 2, 5], "2 og 5"),
    ],
)
def test_item_numbers_read_as_runs(numbers, text):
    assert number_runs(numbers) == text


def finalize_url(review):
    return reverse("reports:review_finalize", args=[review.pk])


def test_an_unfinished_review_says_why_with_a_link_to_each_missing_item(client, reviewer):
    review = make_review(lead=reviewer)
    rows = list(review.item_scores.order_by("item__number"))
    for row in rows[:8]:
        row.score = 3
        row.save()
    client.force_login(reviewer)
    page = client.get(finalize_url(review)).text
    assert "Reviewet kan ikke afsluttes endnu" in page
    assert "Item 9–25 mangler en score." in page
    assert "Resuméet skal skrives." in page
    problems = page[page.index('id="problems"') : page.index('id="result-title"')]
    links = re.findall(rf'href="/reviews/{review.pk}/#item-(\d+)"', problems)
    assert links == [str(n) for n in range(9, 26)]
    # Nothing to confirm while something is missing; the reasons take the focus.
    assert 'name="confirm"' not in page
    assert 'id="problems" tabindex="-1" role="alert" autofocus' in page


def test_with_several_reviewers_the_missing_items_link_to_the_consensus(
    client, reviewer, other_reviewer
):
    review = open_consensus(
        make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    )
    client.force_login(reviewer)
    page = client.get(finalize_url(review)).text
    assert f'href="/reviews/{review.pk}/konsensus/?order=scale&amp;show=all#item-1"' in page


def test_the_summary_shows_total_band_and_what_is_still_empty(client, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"), [4] * 15)
    row = review.item_scores.get(item__number=3)
    row.remark = ""
    row.save()
    client.force_login(reviewer)
    page = client.get(finalize_url(review)).text
    assert '<dd data-testid="finalize-total">60</dd>' in page
    assert "Rimelig IPS implementering" in page
    assert "Der er ingen kilder under datagrundlaget." in page
    assert "De generelle kommentarer er ikke skrevet." in page
    assert "Der er ingen områder at arbejde med." in page
    assert "Item 3 har ingen bemærkning." in page
    assert f'href="/reviews/{review.pk}/#item-3"' in page
    assert 'name="confirm"' in page


def test_a_complete_review_is_finalized_only_with_the_confirmation(client, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    EvidenceSource.objects.create(review=review, description="Interviews", count=3)
    ImprovementArea.objects.create(review=review, text="Flere virksomhedsbesøg")
    review.general_comments = "Godt samarbejde."
    review.save()
    client.force_login(reviewer)
    page = client.get(finalize_url(review)).text
    assert "Stadig tomt" not in page

    response = client.post(finalize_url(review))
    assert response.status_code == 200
    assert "Sæt kryds for at bekræfte, at reviewet afsluttes." in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT

    response = client.post(finalize_url(review), {"confirm": "on"})
    assert response.url == review.get_absolute_url()
    review.refresh_from_db()
    assert review.status == Review.Status.FINALIZED


def test_a_refusal_found_only_when_finalizing_is_shown_on_the_summary(client, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    client.force_login(reviewer)
    client.get(finalize_url(review))
    # Someone takes a score away between the summary and the confirmation.
    row = review.item_scores.get(item__number=7)
    row.score = None
    row.save()
    response = client.post(finalize_url(review), {"confirm": "on"})
    assert "Item 7 mangler en score." in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_summary_runs_a_fixed_number_of_queries(
    client, reviewer, other_reviewer, django_assert_num_queries, code
):
    review = open_consensus(make_review(lead=reviewer, co_reviewers=[other_reviewer], scale=code))
    rate(review, reviewer, [4] * review.scale.items.count())
    client.force_login(reviewer)
    # session, user; review with site, region and scale; reviewers with their users; groups;
    # item scores with items and sections; bands; evidence; areas; the attached checklists
    # not yet finalized (no session write).
    with django_assert_num_queries(11):
        response = client.get(finalize_url(review))
    assert response.status_code == 200


def test_a_second_click_of_afslut_says_the_review_is_finalized(
    client, reviewer, placeholder_pdf, monkeypatch
):
    """Two POSTs of the confirmation: the second, read while the review was still a draft,
    meets it finalized and says so, not that the review was not finalized."""
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    client.force_login(reviewer)
    url = reverse("reports:review_finalize", args=[review.pk])
    stale = report_views._finalize_queryset().get(pk=review.pk)

    def as_the_second_request_read_it(request, pk, **kwargs):
        stale.access = review_access(request.user, stale)
        request.accessed_object = stale
        return stale

    assert client.post(url, {"confirm": "on"}).status_code == 302
    monkeypatch.setattr(report_views, "review_for_user", as_the_second_request_read_it)
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Reviewet er afsluttet og kan nu kun læses." in response.text
    assert "ikke afsluttet" not in response.text
    assert FinalReport.objects.filter(review=review).count() == 1
