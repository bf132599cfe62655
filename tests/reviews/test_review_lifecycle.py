import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews import services
from reviews.models import (
    EvidenceSource,
    FinalizedReviewError,
    ItemScore,
    Review,
    ReviewReopening,
)
from scales.services import scale_create_version
from tests.factories import finalize, make_review, make_site, published, score_all


def test_a_new_review_has_one_empty_score_per_item(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    assert review.item_scores.count() == 15
    assert not review.item_scores.filter(score__isnull=False).exists()
    assert review.status == Review.Status.DRAFT
    assert "Vejle Kommune" in review.purpose
    assert review.reviewer_links.get().is_lead


def test_rounds_count_up_per_site_scale_and_kind(reviewer):
    site = make_site()
    first = make_review(lead=reviewer, site=site)
    second = make_review(lead=reviewer, site=site, visit_date=datetime.date(2027, 4, 1))
    other_scale = make_review(lead=reviewer, site=site, scale="ips-15")
    self_assessment = make_review(lead=reviewer, site=site, kind=Review.Kind.SELF)
    assert [first.round, second.round, other_scale.round, self_assessment.round] == [1, 2, 1, 1]


def test_the_total_and_band_come_from_the_scores(reviewer):
    vejle = [4, 3, 5, 5, 2, 4, 5, 3, 5, 2, 4, 5, 5, 4, 4, 5, 4, 4, 5, 5, 1, 5, 5, 3, 4]
    review = score_all(make_review(lead=reviewer), vejle)
    summary = review.score_summary()
    assert (summary.total, summary.scored, summary.complete) == (101, 25, True)
    assert summary.band.label == "God IPS fidelity"
    assert [s.subtotal for s in summary.sections] == [12, 30, 59]


def test_an_incomplete_review_has_no_band_yet(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    row = review.item_scores.first()
    row.score = 5
    row.save()
    summary = review.score_summary()
    assert (summary.total, summary.scored, summary.band) == (5, 1, None)


def test_finalizing_needs_every_score_and_the_summary(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    with pytest.raises(ValidationError) as excinfo:
        finalize(review, reviewer)
    messages = excinfo.value.messages
    assert messages[0] == "Item 1–15 mangler en score."
    assert "Resuméet skal skrives." in messages
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


def test_a_finalized_review_refuses_every_write(reviewer):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    row = review.item_scores.first()
    row.remark = "Ændret bagefter"
    with pytest.raises(FinalizedReviewError):
        row.save()
    with pytest.raises(FinalizedReviewError):
        ItemScore.objects.filter(review=review).update(score=1)
    with pytest.raises(FinalizedReviewError):
        EvidenceSource.objects.create(review=review, description="Ny kilde")
    with pytest.raises(FinalizedReviewError):
        review.item_scores.all().delete()
    review.summary = "Nyt resumé"
    with pytest.raises(FinalizedReviewError):
        review.save()
    with pytest.raises(FinalizedReviewError):
        Review.objects.get(pk=review.pk).delete()
    with pytest.raises(FinalizedReviewError):
        services.field_save(
            obj=review, field="purpose", raw_value="x", base_version=review.version, user=reviewer
        )
    assert set(review.item_scores.values_list("score", flat=True)) == {4}


def test_an_admin_reopens_with_a_reason_and_the_review_can_change_again(reviewer, admin):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    with pytest.raises(ValidationError):
        services.review_reopen(review=review, user=admin, reason="  ")
    services.review_reopen(review=review, user=admin, reason="Forkert score på item 3")
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert ReviewReopening.objects.get(review=review).reason == "Forkert score på item 3"
    row = review.item_scores.first()
    row.score = 2
    row.save()


def test_the_database_refuses_a_score_outside_one_to_five(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemScore.objects.filter(pk=review.item_scores.first().pk).update(score=6)


def test_an_item_of_another_scale_is_refused_by_clean(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    foreign = published("ips-25").items.first()
    with pytest.raises(ValidationError):
        ItemScore(review=review, item=foreign).full_clean()


def test_a_review_needs_a_published_scale(reviewer):
    draft = scale_create_version(scale=published("ips-15"))
    with pytest.raises(ValidationError):
        make_review(lead=reviewer, scale=draft)
