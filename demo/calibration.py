"""Generated IPS-25 reviews by two reviewers who rated on their own before agreeing, so the
calibration page, the consensus's agreement figures and a site's previous round show
something in the demo.

Nothing of this is published anywhere: the scores are generated deterministically (seeded by
site) around a common base, and every text says so. Marte Ustrup reads two items one point
more kindly than Lone Hellström every time (`KINDER_ITEMS`), the kind of systematic difference
the calibration page flags; elsewhere the two differ now and then by one point.
"""

import random
from datetime import date

from demo import progress
from demo.dates import finalized_after
from demo.sjaelland import spread
from reviews import services
from reviews.models import EvidenceSource, ItemScore, Rating, Review
from scales.models import Scale

GENERATED = (
    "Genereret demoreview: scorer og tekster er opdigtede, så kalibrering og tidligere "
    "runder kan afprøves. Bedømmerne har bedømt hver for sig og derefter aftalt scoren."
)
KINDER_ITEMS = (7, 14)
# (site name, visit, total of the common base)
VISITS = (
    ("Kolding Kommune", date(2025, 3, 10), 88),
    ("Middelfart Kommune", date(2025, 9, 15), 96),
    ("Fredericia Kommune", date(2025, 11, 10), 104),
)


def _ratings(base: list[int], seed: str) -> tuple[list[int], list[int]]:
    """Lone's and Marte's own scores around the base, the same every time for a seed."""
    rng = random.Random(seed)
    lone, marte = list(base), list(base)
    for index, score in enumerate(base):
        number = index + 1
        if number in KINDER_ITEMS:
            lone[index] = max(1, score - 1) if score == 5 else score
            marte[index] = lone[index] + 1
        elif rng.random() < 0.2:
            marte[index] = min(5, max(1, score + rng.choice((-1, 1))))
    return lone, marte


def load_calibration_reviews(*, sites, lead, co_reviewer) -> int:
    """Create the generated reviews for sites that have no review yet; returns how many."""
    scale = Scale.objects.published().get(code="ips-25")
    created = 0
    for name, visit, total in VISITS:
        site = sites[name]
        if Review.objects.filter(site=site).exists():
            continue
        _generated_review(
            site=site, scale=scale, visit=visit, total=total, lead=lead, co=co_reviewer
        )
        created += 1
    return created


def _generated_review(*, site, scale, visit, total, lead, co):
    review = services.review_create(
        site=site,
        scale=scale,
        visit_date=visit,
        kind=Review.Kind.EXTERNAL,
        lead=lead,
        co_reviewers=[co],
        created_by=lead,
    )
    rows = list(review.item_scores.select_related("item").order_by("item__number"))
    base = spread(total, len(rows), site.name)
    own = dict(zip((lead, co), _ratings(base, site.name), strict=True))
    links = {link.user_id: link for link in review.reviewer_links.all()}
    for user, scores in own.items():
        Rating.objects.bulk_create(
            Rating(review=review, reviewer=links[user.pk], item=row.item, score=score)
            for row, score in zip(rows, scores, strict=True)
        )
    for user in own:
        services.rating_mark_done(review=review, user=user)
    # Each rated on their own within a week of the visit (not flagged after the fact: these
    # are the demo's independent ratings).
    review.reviewer_links.update(rating_done_at=finalized_after(visit, days=7))
    # Where the two differed, they agreed on the lead reviewer's score after discussion.
    agreed = {row.pk: score for row, score in zip(rows, own[lead], strict=True)}
    rows = list(review.item_scores.all())
    for row in rows:
        row.score = agreed[row.pk]
        row.remark = GENERATED
    ItemScore.objects.bulk_update(rows, ["score", "remark"])
    EvidenceSource.objects.create(
        review=review,
        position=1,
        kind=EvidenceSource.Kind.INTERVIEW,
        description="Interviews med IPS-konsulenter, leder og kandidater (genereret demo)",
        count=6,
    )
    review.purpose = GENERATED
    review.general_comments = GENERATED
    review.summary = GENERATED
    review.save()
    progress.finalize(review=review, user=lead, at=finalized_after(visit, days=21))
