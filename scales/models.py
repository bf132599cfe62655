from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import user_access
from scales import ladders, scoring
from scales.locking import Lockable, LockableQuerySet, LockedError

# The score check constraint of every table that holds a score.
SCORE_IN_RANGE = Q(score__gte=scoring.LOWEST_SCORE, score__lte=scoring.HIGHEST_SCORE)


class FrozenScaleError(LockedError):
    """A write to a published or retired scale version, which is frozen for good."""


class ScaleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Scale.Status.PUBLISHED)

    def with_totals(self):
        """The scales whose reviews have totals (not checklists): what the overview,
        analytics and calibration compare."""
        return self.exclude(kind=Scale.Kind.CHECKLIST)

    def visible_to(self, user):
        """Draft versions are work in the admin site: only those who may see them by the
        access table (`accounts.rules`, `can_see_draft_scales`) see them."""
        if user_access(user).can_see_draft_scales:
            return self
        return self.exclude(status=Scale.Status.DRAFT)

    def delete(self):
        if self.exclude(status=Scale.Status.DRAFT).exists():
            raise FrozenScaleError(gettext("A published or retired scale cannot be deleted."))
        return super().delete()

    def update(self, **kwargs):
        unfreezes = kwargs.get("status") == Scale.Status.DRAFT
        if (set(kwargs) - {"status"} or unfreezes) and self.filter(
            status__in=Scale.FROZEN
        ).exists():
            raise FrozenScaleError(gettext("A published or retired scale cannot be changed."))
        return super().update(**kwargs)


class Scale(models.Model):
    """One version of a fidelity scale (IPS-25 v1, IPS-25 v2 …)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class Kind(models.TextChoices):
        SCALE = "scale", _("Fidelity scale")
        # Items answered with a few labelled answers (yes / partly / no): no total, no band.
        CHECKLIST = "checklist", _("Checklist")

    FROZEN = (Status.PUBLISHED, Status.RETIRED)
    CONTENT_FIELDS = (
        "code",
        "name",
        "edition_year",
        "description",
        "kind",
        "version",
        "change_note",
    )

    code = models.SlugField(
        _("code"), max_length=20, help_text=_("Stable short code, e.g. ips-25 or ips-15.")
    )
    name = models.CharField(_("name"), max_length=200)
    edition_year = models.PositiveSmallIntegerField(
        _("edition year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SCALE,
        db_default=Kind.SCALE,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Written when the version is published (required then), so reviewers can see what
    # is new; frozen with the rest.
    # A default in the database too: the tests put the shipped scales back with the model
    # as migration 0002 knew it, without this column.
    change_note = models.TextField(_("what changed"), blank=True, default="", db_default="")
    # Saves of a draft in the admin, so that two administrators never save over each other
    # unseen (toolkit.versioning.RevisionCheckedAdminForm).
    revision = models.PositiveIntegerField(_("saves"), default=0, db_default=0, editable=False)

    objects = ScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("scale version")
        verbose_name_plural = _("scale versions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="scales_scale_unique_code_version"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="published"),
                name="scales_scale_one_published_per_code",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="scales_scale_version_gte_1"),
        ]

    def __str__(self):
        return f"{self.label} v{self.version} – {self.title}"

    def save(self, *args, **kwargs):
        # A frozen version is what finished reviews were scored on, so the model refuses
        # every change to it except moving from published to retired.
        if self.pk:
            stored = Scale.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS, "status").first()
            if stored and stored["status"] in self.FROZEN:
                changed = any(getattr(self, f) != stored[f] for f in self.CONTENT_FIELDS)
                if changed or self.status == self.Status.DRAFT:
                    raise FrozenScaleError(
                        gettext("A published or retired scale cannot be changed.")
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("scales:scale_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if Scale.objects.filter(pk=self.pk, status__in=self.FROZEN).exists():
            raise FrozenScaleError(gettext("A published or retired scale cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def label(self) -> str:
        """The short name used in reports, e.g. IPS-25."""
        return self.code.upper()

    @property
    def title(self) -> str:
        """'Fidelityskalaen 2008': the edition year once, not twice."""
        if str(self.edition_year) in self.name:
            return self.name
        return f"{self.name} ({self.edition_year})"

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    # Scoring rules. They read `items` and `bands` through `.all()`, so a caller that
    # prefetches them pays no query here.
    @property
    def item_count(self) -> int:
        return len(self.items.all())

    @property
    def total_range(self) -> tuple[int, int]:
        return scoring.total_range(self.item_count)

    def band_for(self, total: int) -> "Band":
        return scoring.band_for_total(list(self.bands.all()), total)

    def validation_errors(self) -> list[str]:
        """Everything that stops this version from being published (empty when none)."""
        errors = []
        sections = list(self.sections.all())
        items = sorted(self.items.all(), key=lambda item: item.number)
        if not sections:
            errors.append(gettext("The scale has no sections."))
        for section in sections:
            if not any(item.section_id == section.pk for item in items):
                errors.append(
                    gettext("The section %(name)s has no items.") % {"name": section.name}
                )
        numbers = [item.number for item in items]
        if numbers != list(range(1, len(items) + 1)):
            errors.append(gettext("The items must be numbered 1 to %(n)s.") % {"n": len(items)})
        if self.is_checklist:
            return errors + self._checklist_errors(items)
        for item in items:
            scores = sorted(anchor.score for anchor in item.anchors.all() if anchor.text.strip())
            if scores != list(scoring.SCORES):
                errors.append(
                    gettext("Item %(number)s needs a text for each of the scores %(scores)s.")
                    % {"number": item.number, "scores": scoring.score_range_label()}
                )
        subscales = list(self.subscales.all())
        if items and (self.bands.all() or not subscales):
            lowest, highest = self.total_range
            errors.extend(scoring.band_coverage_errors(list(self.bands.all()), lowest, highest))
        for subscale in subscales:
            count = sum(1 for item in items if item.subscale_id == subscale.pk)
            if not count:
                errors.append(
                    gettext("The subscale %(name)s has no items.") % {"name": subscale.name}
                )
                continue
            lowest, highest = scoring.total_range(count)
            errors += [
                f"{subscale.name}: {message}"
                for message in scoring.band_coverage_errors(
                    list(subscale.bands.all()), lowest, highest
                )
            ]
        return errors

    def _checklist_errors(self, items) -> list[str]:
        """A checklist: every item offers the same number (2 to 5) of labelled answers,
        numbered from 1; no bands and no subscales, as there is no total."""
        errors = []
        counts = set()
        for item in items:
            scores = sorted(anchor.score for anchor in item.anchors.all() if anchor.text.strip())
            counts.add(len(scores))
            if len(scores) < 2 or scores != list(range(1, len(scores) + 1)):
                errors.append(
                    gettext(
                        "Item %(number)s needs two to five answers numbered from 1, each with "
                        "a text."
                    )
                    % {"number": item.number}
                )
        if len(counts) > 1:
            errors.append(gettext("Every item of a checklist offers the same answers."))
        if self.bands.all() or self.subscales.all():
            errors.append(gettext("A checklist has no total, so no bands and no subscales."))
        return errors

    @property
    def is_checklist(self) -> bool:
        return self.kind == self.Kind.CHECKLIST

    @property
    def has_overall_total(self) -> bool:
        """A scale without subscales has one total; one with subscales may report the
        subscales' totals instead (then it has no bands of its own). Reads `bands` and
        `subscales` through `.all()`."""
        if self.is_checklist:
            return False
        return bool(self.bands.all()) or not self.subscales.all()

    @classmethod
    def next_version(cls, code: str) -> int:
        return (cls.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0) + 1


class ScalePart(Lockable):
    """A row that belongs to one scale version and is frozen with it."""

    owner_field = "scale"

    objects = LockableQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def locked_q(cls):
        return Q(scale__status__in=Scale.FROZEN)

    @classmethod
    def locked_error(cls):
        return FrozenScaleError(gettext("A published or retired scale cannot be changed."))

    def owner_is_locked(self):
        return (
            bool(self.scale_id)
            and Scale.objects.filter(pk=self.scale_id, status__in=Scale.FROZEN).exists()
        )


class Section(ScalePart):
    scale = models.ForeignKey(
        Scale, on_delete=models.CASCADE, related_name="sections", verbose_name=_("scale")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "position"], name="scales_section_unique_position"
            ),
        ]

    def __str__(self):
        return self.name


class Item(ScalePart):
    scale = models.ForeignKey(
        Scale, on_delete=models.CASCADE, related_name="items", verbose_name=_("scale")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    english_name = models.CharField(_("English name"), max_length=200, blank=True)
    subscale = models.ForeignKey(
        "Subscale",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("subscale"),
        help_text=_("The subscale whose total the item counts in, if the scale has subscales."),
    )
    definition = models.TextField(_("what is rated"))
    data_sources = models.TextField(_("data sources"), blank=True)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    revision = models.PositiveIntegerField(_("saves"), default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "number"], name="scales_item_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="scales_item_number_gte_1"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def title(self) -> str:
        """'Fidelityskalaen 2008': the edition year once, not twice."""
        if str(self.edition_year) in self.name:
            return self.name
        return f"{self.name} ({self.edition_year})"

    @property
    def is_frozen(self) -> bool:
        return self.scale.is_frozen

    def clean(self):
        if self.section_id and self.scale_id and self.section.scale_id != self.scale_id:
            raise ValidationError(
                {"section": gettext("The section belongs to another scale version.")}
            )
        if self.subscale_id and self.scale_id and self.subscale.scale_id != self.scale_id:
            raise ValidationError(
                {"subscale": gettext("The subscale belongs to another scale version.")}
            )
        if (
            self.scale_id
            and self.number
            and Item.objects.filter(scale_id=self.scale_id, number=self.number)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"number": gettext("Another item of this scale already has this number.")}
            )


class Anchor(ScalePart):
    """What a score means for one item: the text a reviewer compares the evidence with."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="anchors", verbose_name=_("item")
    )
    score = models.PositiveSmallIntegerField(_("score"), choices=scoring.SCORE_CHOICES)
    text = models.TextField(_("text"))

    owner_field = "item"

    class Meta:
        verbose_name = _("anchor")
        verbose_name_plural = _("anchors")
        ordering = ["item", "score"]
        constraints = [
            models.UniqueConstraint(fields=["item", "score"], name="scales_anchor_unique_score"),
            models.CheckConstraint(condition=SCORE_IN_RANGE, name="scales_anchor_score_1_5"),
        ]

    def __str__(self):
        return f"{self.score}: {self.text[:60]}"

    @classmethod
    def locked_q(cls):
        return Q(item__scale__status__in=Scale.FROZEN)

    def owner_is_locked(self):
        return (
            bool(self.item_id)
            and Scale.objects.filter(items=self.item_id, status__in=Scale.FROZEN).exists()
        )

    def clean(self):
        if self.score is not None and self.score not in scoring.SCORES:
            raise ValidationError({"score": scoring.score_range_error()})
        if (
            self.item_id
            and self.score
            and Anchor.objects.filter(item_id=self.item_id, score=self.score)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"score": gettext("This item already has a text for this score.")}
            )


class Band(ScalePart):
    """A range of totals with its label, e.g. 100–114 God IPS fidelity."""

    class Level(models.TextChoices):
        EXEMPLARY = "exemplary", _("Exemplary")
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        NOT_IPS = "not_ips", _("Not IPS")

    scale = models.ForeignKey(
        Scale, on_delete=models.CASCADE, related_name="bands", verbose_name=_("scale")
    )
    min_total = models.PositiveSmallIntegerField(_("lowest total"))
    max_total = models.PositiveSmallIntegerField(_("highest total"))
    label = models.CharField(_("label"), max_length=100)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        help_text=_("Decides the colour used for the band."),
    )

    class Meta:
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        ordering = ["scale", "-min_total"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_total__lte=models.F("max_total")), name="scales_band_min_lte_max"
            ),
            models.UniqueConstraint(
                fields=["scale", "min_total"], name="scales_band_unique_min_total"
            ),
        ]

    def __str__(self):
        return f"{self.min_total}–{self.max_total} {self.label}"

    def clean(self):
        if (
            self.min_total is not None
            and self.max_total is not None
            and self.min_total > self.max_total
        ):
            raise ValidationError(
                {"max_total": gettext("The highest total must not be below the lowest.")}
            )


class Subscale(ScalePart):
    """A set of the scale's items with its own total, maximum and bands, reported beside or
    instead of the whole scale's total (e.g. a young people's scale with an employment part
    and an education part)."""

    scale = models.ForeignKey(
        Scale, on_delete=models.CASCADE, related_name="subscales", verbose_name=_("scale")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("subscale")
        verbose_name_plural = _("subscales")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "position"], name="scales_subscale_unique_position"
            ),
            models.UniqueConstraint(fields=["scale", "name"], name="scales_subscale_unique_name"),
        ]

    def __str__(self):
        return self.name

    def band_for(self, total: int) -> "SubscaleBand":
        return scoring.band_for_total(list(self.bands.all()), total)


class SubscaleBand(ScalePart):
    """A range of a subscale's totals with its label, as `Band` is for the whole scale."""

    subscale = models.ForeignKey(
        Subscale, on_delete=models.CASCADE, related_name="bands", verbose_name=_("subscale")
    )
    min_total = models.PositiveSmallIntegerField(_("lowest total"))
    max_total = models.PositiveSmallIntegerField(_("highest total"))
    label = models.CharField(_("label"), max_length=100)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Band.Level.choices,
        help_text=_("Decides the colour used for the band."),
    )

    owner_field = "subscale"

    class Meta:
        verbose_name = _("subscale band")
        verbose_name_plural = _("subscale bands")
        ordering = ["subscale", "-min_total"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_total__lte=models.F("max_total")),
                name="scales_subscaleband_min_lte_max",
            ),
            models.UniqueConstraint(
                fields=["subscale", "min_total"], name="scales_subscaleband_unique_min_total"
            ),
        ]

    def __str__(self):
        return f"{self.min_total}–{self.max_total} {self.label}"

    @classmethod
    def locked_q(cls):
        return Q(subscale__scale__status__in=Scale.FROZEN)

    def owner_is_locked(self):
        return (
            bool(self.subscale_id)
            and Scale.objects.filter(subscales=self.subscale_id, status__in=Scale.FROZEN).exists()
        )


class Ladder(ScalePart):
    """The numbers an item's anchors state, for its calculator (see `scales.ladders`).

    `score_2` … `score_5`: the observed figure that reaches each score — at least that much
    when a higher figure scores higher, at most that much when a lower one does.
    """

    class Direction(models.TextChoices):
        AT_LEAST = ladders.AT_LEAST, _("A higher figure scores higher (at least)")
        AT_MOST = ladders.AT_MOST, _("A lower figure scores higher (at most)")

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, related_name="ladder", verbose_name=_("item")
    )
    quantity = models.CharField(
        _("observed quantity"),
        max_length=200,
        help_text=_("What the reviewer counts, e.g. active candidates per IPS-konsulent."),
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("E.g. %, days, candidates."))
    per_consultant = models.BooleanField(
        _("averaged per IPS-konsulent"),
        default=False,
        help_text=_("One figure per IPS-konsulent is entered, and their mean is compared."),
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    score_2 = models.DecimalField(_("score 2 from"), max_digits=9, decimal_places=2)
    score_3 = models.DecimalField(_("score 3 from"), max_digits=9, decimal_places=2)
    score_4 = models.DecimalField(_("score 4 from"), max_digits=9, decimal_places=2)
    score_5 = models.DecimalField(_("score 5 from"), max_digits=9, decimal_places=2)

    owner_field = "item"

    class Meta:
        verbose_name = _("calculator")
        verbose_name_plural = _("calculators")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    direction=ladders.AT_LEAST,
                    score_2__lt=F("score_3"),
                    score_3__lt=F("score_4"),
                    score_4__lt=F("score_5"),
                )
                | Q(
                    direction=ladders.AT_MOST,
                    score_2__gt=F("score_3"),
                    score_3__gt=F("score_4"),
                    score_4__gt=F("score_5"),
                ),
                name="scales_ladder_scores_in_order",
            ),
            models.CheckConstraint(
                condition=Q(score_2__gte=0, score_3__gte=0, score_4__gte=0, score_5__gte=0),
                name="scales_ladder_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.quantity}"

    @classmethod
    def locked_q(cls):
        return Q(item__scale__status__in=Scale.FROZEN)

    def owner_is_locked(self):
        return (
            bool(self.item_id)
            and Scale.objects.filter(items=self.item_id, status__in=Scale.FROZEN).exists()
        )

    def clean(self):
        values = [getattr(self, f"score_{score}") for score in ladders.SCORES]
        errors = ladders.order_errors(self.direction, values)
        if errors:
            raise ValidationError(errors)

    def steps(self) -> list[tuple[int, Decimal]]:
        """(score, bound) from 5 down to 2, as the anchors read."""
        return sorted(ladders.thresholds(self), reverse=True)
