"""What happens after a review: the site's action plan and the date of its next review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reviews.models import ImprovementArea, ItemScore, Review
from sites.models import Site
from toolkit import dates
from toolkit.text import one_line
from toolkit.versioning import version_field


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN)

    def falling_due(self, *, today, days):
        """Open actions of finalized reviews due from `today` to `days` days later."""
        return self.open().filter(
            review__status=Review.Status.FINALIZED,
            due_date__gte=today,
            due_date__lte=dates.add_days(today, days),
        )


class Action(models.Model):
    """One step of a site's action plan, made from a recommendation or an area to work on."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")
        # Taken over into the site's next plan, where it goes on (set by carrying it over).
        CARRIED = "carried", _("Carried over")

    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)
    # The statuses a person sets; "carried over" is set by carrying the action over.
    CHOSEN = [choice for choice in Status.choices if choice[0] != "carried"]
    TEXT_LIMIT = 5000

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="actions", verbose_name=_("review")
    )
    # The source, when there is one; the action keeps its own text if the source goes (a
    # reopened review may remove an area).
    item_score = models.ForeignKey(
        ItemScore,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("recommendation of item"),
    )
    area = models.ForeignKey(
        ImprovementArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("area to work on"),
    )
    # An open action of the site's previous plan that the leaders carried over into this one.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    text = models.TextField(_("action"), max_length=TEXT_LIMIT)
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        help_text=_("A name or a role, e.g. IPS-leder."),
        validators=[one_line],
    )
    due_date = models.DateField(_("due date"), validators=[dates.PLANNED])
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["review", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item_score__isnull=True) | Q(area__isnull=True),
                name="followup_action_one_source",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="followup_action_text_not_empty"),
            # An action is carried into a plan once, even by two leaders at the same moment.
            models.UniqueConstraint(
                fields=["review", "carried_from"],
                condition=Q(carried_from__isnull=False),
                name="followup_action_carried_once",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("followup:action_plan", args=[self.review_id]) + f"#action-{self.pk}"

    def clean(self):
        if self.item_score_id and self.area_id:
            raise ValidationError(gettext("An action comes from one recommendation or area."))
        if not (self.text or "").strip():
            raise ValidationError({"text": gettext("Describe the action.")})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def source_label(self) -> str:
        """Where the action comes from, e.g. "Item 7" or "Område at arbejde med"."""
        if self.item_score_id:
            return gettext("Item %(number)s") % {"number": self.item_score.item.number}
        if self.area_id:
            return gettext("Area to work on")
        return gettext("Own action")


class ActionNote(models.Model):
    """A dated note on how an action is going."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="notes", verbose_name=_("action")
    )
    date = models.DateField(_("date"), validators=[dates.PERIOD])
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="followup_note_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.text[:60]}"


class ScheduleChange(models.Model):
    """A reviewer or administrator moved a site's next review, and why.

    The next-review date is derived (followup.schedule): by default from the site's latest
    finalized review, unless a change was made after that review was finalized.
    """

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="schedule_changes", verbose_name=_("site")
    )
    date = models.DateField(_("next review"), validators=[dates.PLANNED])
    previous_date = models.DateField(_("previous date"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of next review")
        verbose_name_plural = _("changes of next review")
        ordering = ["site", "-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="followup_schedulechange_reason_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.site}: {self.date:%d.%m.%Y}"
