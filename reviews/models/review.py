from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reviews import lifecycle
from scales import scoring
from scales.locking import Lockable, LockableQuerySet, LockedError
from scales.models import Band, Scale, Section, Subscale
from scales.scoring import TotalOutOfRange
from sites.models import Site
from toolkit import dates


class FinalizedReviewError(LockedError):
    """A write to a finalized review, which is read-only until an administrator reopens it."""

    def __init__(self, message=None):
        super().__init__(message or gettext("The review is finalized and cannot be changed."))


@dataclass
class SectionSubtotal:
    section: Section
    subtotal: int
    scored: int
    item_count: int


@dataclass
class SubscaleTotal:
    """A subscale's total, its highest possible total and its band (None until every item of
    the subscale is scored)."""

    subscale: object
    total: int
    scored: int
    item_count: int
    band: object
    # The same subscale's total in the site's previous review (the report sets it).
    previous_total: int | None = None

    @property
    def maximum(self) -> int:
        return scoring.total_range(self.item_count)[1]

    @property
    def change(self) -> int | None:
        """Points up or down since the previous review (both totals complete)."""
        if self.previous_total is None or not self.complete:
            return None
        return self.total - self.previous_total

    @property
    def complete(self) -> bool:
        return scoring.is_complete(self.scored, self.item_count)


@dataclass
class ScoreSummary:
    """The live state of a review's scores: what the review page and lists show."""

    total: int
    scored: int
    item_count: int
    band: Band | None
    sections: list[SectionSubtotal]
    subscales: list[SubscaleTotal] = field(default_factory=list)
    # False when the scale reports its subscales' totals instead of one of its own, and for a
    # checklist, which has none.
    has_overall_total: bool = True
    is_checklist: bool = False

    @property
    def complete(self) -> bool:
        return scoring.is_complete(self.scored, self.item_count)


class ReviewQuerySet(models.QuerySet):
    def with_totals(self):
        """Annotate the sum of the agreed scores and how many items are scored (read them
        through `totals_complete` and `total_band`)."""
        return self.annotate(
            score_total=Sum("item_scores__score"),
            scored_count=Count("item_scores__score"),
            item_count=Count("item_scores"),
        )

    def finalized(self):
        return self.filter(lifecycle.FINALIZED.q())

    def in_stage(self, stage):
        """The reviews in a stage of the lifecycle (`reviews.lifecycle`)."""
        return self.filter(stage.q())


def subscale_totals(item_scores) -> list[SubscaleTotal]:
    """The subscales' totals of scored rows (agreed scores or one reviewer's ratings: any rows
    with `item` and `score`); none, and no query, for a scale without subscales."""
    ids = {row.item.subscale_id for row in item_scores} - {None}
    if not ids:
        return []
    subscales = {s.pk: s for s in Subscale.objects.filter(pk__in=ids).prefetch_related("bands")}
    totals = {pk: SubscaleTotal(subscale, 0, 0, 0, None) for pk, subscale in subscales.items()}
    for row in item_scores:
        entry = totals.get(row.item.subscale_id)
        if entry is None:
            continue
        entry.item_count += 1
        if row.score is not None:
            entry.total += row.score
            entry.scored += 1
    for entry in totals.values():
        if entry.complete:
            try:
                entry.band = entry.subscale.band_for(entry.total)
            except TotalOutOfRange:
                entry.band = None
    return sorted(totals.values(), key=lambda entry: entry.subscale.position)


class Review(models.Model):
    """One fidelity review of a site on one scale version."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External review")
        SELF = "self", _("Self-assessment")

    class Moderation(models.TextChoices):
        # Where the draft is in its moderation (reviews/lifecycle.py reads it); each change
        # is kept in the review's history with who made it.
        NONE = "", _("Not moderated")
        PENDING = lifecycle.MODERATION_PENDING_STATUS, _("Waiting for moderation")
        APPROVED = lifecycle.MODERATION_APPROVED_STATUS, _("Approved")
        RETURNED = "returned", _("Sent back")

    class Status(models.TextChoices):
        # Where the review is in the method beyond these two is derived, never stored:
        # reviews/lifecycle.py.
        DRAFT = lifecycle.DRAFT_STATUS, _("Draft")
        FINALIZED = lifecycle.FINALIZED_STATUS, _("Finalized")

    # What a finalized review must never change.
    CONTENT_FIELDS = (
        "site_id",
        "scale_id",
        "visit_date",
        "visit_end_date",
        "round",
        "kind",
        "purpose",
        "basis",
        "general_comments",
        "summary",
        "attached_to_id",
    )
    TEXT_LIMIT = 20_000

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("site")
    )
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("scale")
    )
    visit_date = models.DateField(_("visit date"), validators=[dates.VISIT])
    visit_end_date = models.DateField(
        _("last visit date"),
        null=True,
        blank=True,
        help_text=_("For visits over several days."),
        validators=[dates.VISIT],
    )
    round = models.PositiveSmallIntegerField(
        _("round"), help_text=_("1st, 2nd … review of this site on this scale and of this kind.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ReviewReviewer",
        related_name="reviews_as_reviewer",
        verbose_name=_("reviewers"),
    )
    purpose = models.TextField(_("purpose"), max_length=TEXT_LIMIT, blank=True)
    basis = models.TextField(
        _("basis"),
        max_length=TEXT_LIMIT,
        blank=True,
        help_text=_("What the review rests on. Left empty, the report builds it from the sources."),
    )
    general_comments = models.TextField(_("general comments"), max_length=TEXT_LIMIT, blank=True)
    summary = models.TextField(_("summary"), max_length=TEXT_LIMIT, blank=True)
    after_the_fact = models.BooleanField(
        _("entered after the fact"),
        default=False,
        help_text=_(
            "The review took place earlier and is entered from its finished report: no "
            "rating stage, the agreed scores are entered directly."
        ),
    )
    attached_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklists",
        verbose_name=_("attached to"),
        help_text=_(
            "A checklist filled in with a review: it is scored and finalized on its own and "
            "printed in that review's report."
        ),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderated_reviews",
        null=True,
        blank=True,
        verbose_name=_("moderator"),
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default="", blank=True
    )
    moderation_comment = models.TextField(
        _("moderator's comments"), max_length=TEXT_LIMIT, blank=True
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    finalized_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("finalized by"),
    )

    history = HistoricalRecords(
        excluded_fields=["version", "created_at", "created_by", "finalized_at", "finalized_by"]
    )
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-visit_date", "site__name"]
        constraints = [
            models.CheckConstraint(condition=Q(round__gte=1), name="reviews_review_round_gte_1"),
            models.CheckConstraint(
                condition=Q(visit_end_date__isnull=True)
                | Q(visit_end_date__gte=models.F("visit_date")),
                name="reviews_review_visit_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalized_at__isnull=False),
                name="reviews_review_finalized_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.visit_date:%d.%m.%Y} ({self.scale.label})"

    def save(self, *args, **kwargs):
        # Only reopening (by an administrator, through the service) may touch a finalized review.
        if self.pk:
            stored = (
                Review.objects.filter(pk=self.pk).values("status", *self.CONTENT_FIELDS).first()
            )
            if stored and stored["status"] == self.Status.FINALIZED:
                changed = any(getattr(self, f) != stored[f] for f in self.CONTENT_FIELDS)
                if changed:
                    raise FinalizedReviewError()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:review_detail", args=[self.pk])

    def clean(self):
        if self.visit_end_date and self.visit_date and self.visit_end_date < self.visit_date:
            raise ValidationError(
                {"visit_end_date": gettext("The last visit date cannot be before the first.")}
            )

    def delete(self, *args, **kwargs):
        if Review.objects.filter(pk=self.pk, status=self.Status.FINALIZED).exists():
            raise FinalizedReviewError()
        return super().delete(*args, **kwargs)

    # The lifecycle's tests on this review, for templates and callers holding one review;
    # each is written in reviews/lifecycle.py, not here.
    @property
    def is_finalized(self) -> bool:
        return lifecycle.FINALIZED.holds(self)

    @property
    def is_moderated(self) -> bool:
        """A moderator approved the draft (`lifecycle.MODERATED`)."""
        return lifecycle.MODERATED.holds(self)

    @property
    def needs_consensus(self) -> bool:
        """Two or more reviewers rate on their own first (`lifecycle.RATED_SEPARATELY`)."""
        return lifecycle.RATED_SEPARATELY.holds(self)

    @property
    def ratings_revealed(self) -> bool:
        """The ratings are revealed; stays so once the review is finalized."""
        return lifecycle.RATINGS_REVEALED.holds(self)

    @property
    def agreed_scores_open(self) -> bool:
        return lifecycle.AGREED_SCORES_OPEN.holds(self)

    @property
    def in_rating_stage(self) -> bool:
        return lifecycle.RATING.holds(self)

    @property
    def stage_label(self) -> str:
        return lifecycle.stage_label(self)

    @cached_property
    def open_hearing(self):
        """The hearing the draft is out in, or None; from prefetched `hearings` if there,
        else one query."""
        return lifecycle.open_hearing(self)

    @property
    def visit_dates_display(self) -> str:
        if self.visit_end_date and self.visit_end_date != self.visit_date:
            return f"{self.visit_date:%d.%m.%Y}–{self.visit_end_date:%d.%m.%Y}"
        return f"{self.visit_date:%d.%m.%Y}"

    @property
    def visit_dates_long(self) -> str:
        """The visit as the PDFs write dates ("10. maj 2023"), in the active language."""
        first = date_format(self.visit_date, "j. F Y")
        if self.visit_end_date and self.visit_end_date != self.visit_date:
            return f"{first} – {date_format(self.visit_end_date, 'j. F Y')}"
        return first

    def score_summary(self) -> ScoreSummary:
        """Totals from `item_scores` (prefetch them with `item__section`) and the scale's bands."""
        item_scores = list(self.item_scores.all())
        sections: dict[int, SectionSubtotal] = {}
        for item_score in item_scores:
            section = item_score.item.section
            entry = sections.setdefault(section.pk, SectionSubtotal(section, 0, 0, 0))
            entry.item_count += 1
            if item_score.score is not None:
                entry.subtotal += item_score.score
                entry.scored += 1
        total = sum(s.subtotal for s in sections.values())
        scored = sum(s.scored for s in sections.values())
        band = self.band_for_total(total) if scoring.is_complete(scored, len(item_scores)) else None
        ordered = sorted(sections.values(), key=lambda s: s.section.position)
        subscales = subscale_totals(item_scores)
        return ScoreSummary(
            total,
            scored,
            len(item_scores),
            band,
            ordered,
            subscales,
            # (The subscales found among the items, so that a scale without any asks nothing.)
            has_overall_total=not self.scale.is_checklist
            and (not subscales or bool(self.scale.bands.all())),
            is_checklist=self.scale.is_checklist,
        )

    def unscored_items(self) -> list:
        """The items without an agreed score, in item order (prefetch `item_scores` with
        their items)."""
        rows = [row for row in self.item_scores.all() if row.score is None]
        return sorted((row.item for row in rows), key=lambda item: item.number)

    def agreement(self, item_ids=None):
        """Agreement of the independent ratings (prefetch `reviewer_links` and `ratings`), over
        every item or over the items `item_ids` (a subscale's)."""
        from reviews.agreement import agreement

        links = list(self.reviewer_links.all())
        if len(links) < 2:
            return None
        scores = {link.pk: {} for link in links}
        for rating in self.ratings.all():
            if rating.reviewer_id in scores and (item_ids is None or rating.item_id in item_ids):
                scores[rating.reviewer_id][rating.item_id] = rating.score
        items = sorted({item for given in scores.values() for item in given})
        return agreement([[scores[link.pk].get(item) for item in items] for link in links])

    @property
    def totals_complete(self) -> bool:
        """From `with_totals()`: every item is scored, so the total is final."""
        return scoring.is_complete(self.scored_count, self.item_count)

    @cached_property
    def total_band(self):
        """From `with_totals()`: the band of the total, None until every item is scored."""
        return self.band_for_total(self.score_total) if self.totals_complete else None

    def band_for_total(self, total):
        try:
            return self.scale.band_for(total)
        except TotalOutOfRange:
            return None


class ReviewPart(Lockable):
    """A row of a review that is read-only once the review is finalized."""

    owner_field = "review"

    objects = LockableQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def locked_q(cls):
        return Q(review__status=Review.Status.FINALIZED)

    @classmethod
    def locked_error(cls):
        return FinalizedReviewError()

    def owner_is_locked(self):
        return (
            bool(self.review_id)
            and Review.objects.filter(pk=self.review_id, status=Review.Status.FINALIZED).exists()
        )


class ReviewReviewer(ReviewPart):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reviewer_links", verbose_name=_("review")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_links",
        verbose_name=_("reviewer"),
    )
    is_lead = models.BooleanField(_("lead reviewer"), default=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    rating_done_at = models.DateTimeField(
        _("rating done"),
        null=True,
        blank=True,
        help_text=_("When the reviewer marked their independent rating as done."),
    )

    class Meta:
        verbose_name = _("reviewer on review")
        verbose_name_plural = _("reviewers on review")
        ordering = ["-is_lead", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="reviews_reviewer_unique_user"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_lead=True), name="reviews_reviewer_one_lead"
            ),
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def rating_done(self) -> bool:
        """This reviewer has marked their own rating done (`lifecycle.rating_done`)."""
        return lifecycle.rating_done(self)

    @property
    def rating_state(self) -> str:
        """What the pages print beside the reviewer's name while the ratings are given."""
        return gettext("done") if self.rating_done else gettext("still rating")


class ReviewReopening(models.Model):
    """The record of an administrator reopening a finalized review, with the reason."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("review")
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    reopened_at = models.DateTimeField(_("reopened"), auto_now_add=True)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["-reopened_at"]

    def __str__(self):
        return f"{self.review} ({self.reopened_at:%d.%m.%Y})"
