"""Exports of scores and totals, and the national export, as CSV and XLSX (the files are
made by `toolkit.exports`)."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.access import review_access
from reviews.models import ItemScore
from reviews.models.review import subscale_totals
from scales import scoring
from scales.models import Band, Subscale


def _review_columns(review):
    site = review.site
    return [
        site.region.name,
        site.cluster.name if site.cluster else "",
        site.name,
        review.visit_date,
        review.round,
        str(review.get_kind_display()),
        review.scale.label,
        review.scale.version,
    ]


def _review_headers():
    return [
        _("Region"),
        _("Cluster"),
        _("Site"),
        _("Review date"),
        _("Round"),
        _("Kind"),
        _("Scale"),
        _("Scale version"),
    ]


def score_table(reviews):
    """One row per review × item: the agreed score, remark and recommendation."""
    header = [
        *_review_headers(),
        _("Item number"),
        _("Item"),
        _("Score"),
        _("Remark"),
        _("Recommendation"),
    ]
    rows = (
        ItemScore.objects.filter(review__in=reviews)
        .select_related("review__site__region", "review__site__cluster", "review__scale", "item")
        .order_by("review__site__name", "review__visit_date", "review__pk", "item__number")
    )

    def generate():
        for row in rows.iterator(chunk_size=2000):
            yield [
                *_review_columns(row.review),
                row.item.number,
                row.item.name,
                row.score,
                row.remark,
                row.recommendation,
            ]

    return header, generate()


def total_table(reviews, *, user):
    """One row per review with its total and band, and how far the independent ratings
    agreed on the reviews whose ratings `user` may see (the access policy decides per
    review: someone who leads one site and reviews another gets figures for the other only).
    The agreement columns are left out when no review grants them."""
    reviews = list(
        reviews.with_totals()
        .select_related("site__region", "site__cluster", "scale")
        .prefetch_related(Prefetch("scale__bands", queryset=Band.objects.all()), "reviewer_links")
        .order_by("site__name", "visit_date", "pk")
    )
    with_ratings = [review for review in reviews if review_access(user, review).can_see_ratings]
    prefetch_related_objects(with_ratings, "ratings")
    names, by_review = _subscale_columns(reviews)
    header = [*_review_headers(), _("Total"), _("Band"), *_subscale_headers(names)]
    if with_ratings:
        header += [
            _("Exact agreement (%)"),
            _("Agreement within one point (%)"),
            _("Weighted kappa"),
            _("Reviewers"),
        ]
    shown = {review.pk for review in with_ratings}

    def generate():
        for review in reviews:
            band = review.total_band
            row = [
                *_review_columns(review),
                review.score_total if review.totals_complete else None,
                band.label if band else "",
                *by_review.get(review.pk, [None, ""] * len(names)),
            ]
            if with_ratings:
                row += _agreement_columns(review) if review.pk in shown else [None] * 4
            yield row

    return header, generate()


def _subscale_headers(names):
    return [
        header for name in names for header in (name, _("%(subscale)s: band") % {"subscale": name})
    ]


def _subscale_columns(reviews):
    """The subscales' names (in order) and, per review, each one's total and band: nothing,
    and no query, when no review's scale has subscales."""
    scales = {review.scale_id for review in reviews}
    subscales = Subscale.objects.filter(scale__in=scales).order_by("position")
    names = list(dict.fromkeys(subscales.values_list("name", flat=True)))
    if not names:
        return [], {}
    prefetch_related_objects(
        reviews, Prefetch("item_scores", queryset=ItemScore.objects.select_related("item"))
    )
    by_review = {}
    for review in reviews:
        totals = {e.subscale.name: e for e in subscale_totals(review.item_scores.all())}
        by_review[review.pk] = [
            value
            for name in names
            for value in (
                (totals[name].total if totals[name].complete else None) if name in totals else None,
                totals[name].band.label if name in totals and totals[name].band else "",
            )
        ]
    return names, by_review


def _agreement_columns(review):
    figures = review.agreement()
    if figures and figures.items:
        kappa = None if figures.kappa is None else round(figures.kappa, 3)
        return [figures.exact_percent, figures.within_one_percent, kappa, figures.reviewers]
    return [None, None, None, len(review.reviewer_links.all())]


def national_table(reviews):
    """The national export for research and STAR: one row per finalized review with its
    region, site, scale, round, dates, every item's agreed score by item number, the total
    and the band. No names of people and no free text (no remarks, recommendations,
    résumés or reviewers)."""
    reviews = list(
        reviews.with_totals()
        .select_related("site__region", "scale")
        .prefetch_related(
            Prefetch("scale__bands", queryset=Band.objects.all()),
            Prefetch("item_scores", queryset=ItemScore.objects.select_related("item")),
        )
        .order_by("site__region__name", "site__name", "visit_date", "pk")
    )
    numbers = sorted({s.item.number for review in reviews for s in review.item_scores.all()})
    names, by_review = _subscale_columns(reviews)
    header = [
        _("Region"),
        _("Site"),
        _("Scale"),
        _("Scale version"),
        _("Kind"),
        _("Round"),
        _("Review date"),
        _("Finalized"),
        *[_("Item %(number)s") % {"number": number} for number in numbers],
        _("Total"),
        _("Maximum"),
        _("Band"),
        *_subscale_headers(names),
    ]

    def generate():
        for review in reviews:
            scores = {s.item.number: s.score for s in review.item_scores.all()}
            band = review.total_band
            yield [
                review.site.region.name,
                review.site.name,
                review.scale.label,
                review.scale.version,
                str(review.get_kind_display()),
                review.round,
                review.visit_date,
                timezone.localdate(review.finalized_at),
                *[scores.get(number) for number in numbers],
                review.score_total if review.totals_complete else None,
                scoring.total_range(review.item_count)[1],
                band.label if band else "",
                *by_review.get(review.pk, [None, ""] * len(names)),
            ]

    return header, generate()


def redcap_reviews(reviews):
    """The reviews for REDCap records, with what `scales.redcap.record_rows` reads."""
    return list(
        reviews.select_related("site")
        .prefetch_related(
            Prefetch("item_scores", queryset=ItemScore.objects.select_related("item"))
        )
        .order_by("site__name", "visit_date", "pk")
    )
