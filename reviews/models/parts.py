from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reviews.models.review import Review, ReviewPart, ReviewReviewer
from scales import ladders, scoring
from scales.models import SCORE_IN_RANGE, Item
from toolkit import dates


def observed_field():
    return models.JSONField(
        _("observed figures"),
        default=list,
        blank=True,
        help_text=_("The figures entered in the item's calculator, e.g. caseload per konsulent."),
    )


def clean_observed(row):
    """The figures fit the item's calculator: how many, and how large (scales.ladders)."""
    if not row.observed:
        return
    ladder = getattr(row.item, "ladder", None) if row.item_id else None
    errors = ladders.figure_errors(ladder, ladders.from_json(row.observed))
    if errors:
        raise ValidationError({"observed": errors})


def clean_score_and_item(row):
    """The friendly form of the score check constraint, and the item on the review's scale."""
    if row.score is not None and row.score not in scoring.SCORES:
        raise ValidationError({"score": scoring.score_range_error()})
    if row.item_id and row.review_id and row.item.scale_id != row.review.scale_id:
        raise ValidationError(
            {"item": gettext("The item belongs to another scale than the review.")}
        )


class ItemScore(ReviewPart):
    """The review's agreed (consensus) score for one item, with remark and recommendation."""

    TEXT_LIMIT = 10_000

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="item_scores", verbose_name=_("review")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="scores", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, choices=scoring.SCORE_CHOICES
    )
    remark = models.TextField(_("remark"), max_length=TEXT_LIMIT, blank=True)
    recommendation = models.TextField(_("recommendation"), max_length=TEXT_LIMIT, blank=True)
    observed = observed_field()
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["review", "item__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "item"], name="reviews_itemscore_unique_item"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | SCORE_IN_RANGE,
                name="reviews_itemscore_score_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.score or '–'}"

    def clean(self):
        clean_score_and_item(self)
        clean_observed(self)


class EvidenceSource(ReviewPart):
    """What the review rests on: an interview, observation, record review or document."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        OBSERVATION = "observation", _("Observation")
        RECORD_REVIEW = "record_review", _("Record review")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    COUNT_LIMIT = 9999

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("review")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INTERVIEW)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    count = models.PositiveSmallIntegerField(
        pgettext_lazy("how many", "number"),
        null=True,
        blank=True,
        help_text=_("How many, e.g. 6 interviews."),
        validators=[MaxValueValidator(COUNT_LIMIT)],
    )
    roles = models.CharField(
        _("roles"), max_length=500, blank=True, help_text=_("E.g. 2 IPS-konsulenter.")
    )
    date = models.DateField(_("date"), null=True, blank=True, validators=[dates.VISIT])
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("evidence source")
        verbose_name_plural = _("evidence sources")
        ordering = ["review", "position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ImprovementArea(ReviewPart):
    """An area the site should work on before the next review (a bullet in the report)."""

    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        related_name="improvement_areas",
        verbose_name=_("review"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("improvement area")
        verbose_name_plural = _("improvement areas")
        ordering = ["review", "position", "pk"]

    def __str__(self):
        return self.text[:80]


class Rating(ReviewPart):
    """One reviewer's own score and private notes for an item, before the consensus."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("review")
    )
    reviewer = models.ForeignKey(
        ReviewReviewer,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("reviewer"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, choices=scoring.SCORE_CHOICES
    )
    notes = models.TextField(_("notes"), max_length=ItemScore.TEXT_LIMIT, blank=True)
    observed = observed_field()
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["reviewer", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "item"], name="reviews_rating_unique_item"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | SCORE_IN_RANGE,
                name="reviews_rating_score_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.item.number} = {self.score or '–'}"

    def clean(self):
        clean_score_and_item(self)
        clean_observed(self)
        if self.reviewer_id and self.review_id and self.reviewer.review_id != self.review_id:
            raise ValidationError({"reviewer": gettext("The reviewer is on another review.")})
