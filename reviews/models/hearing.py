"""The right of reply (høring): a draft sent to the site's leaders for comments.

One `Hearing` per round sent; its comments are kept with the review and never edited or
deleted. Nothing of them reaches the report unless the reviewers write it in.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews.models.review import Review

DEFAULT_HEARING_DAYS = 14


def default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_HEARING_DAYS)


class HearingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Hearing(models.Model):
    """One round of the draft out for comments with the site's leaders."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("review")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    deadline = models.DateField(_("deadline for comments"), default=default_deadline)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(closed_at__isnull=True),
                name="reviews_hearing_one_open",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_by__isnull=False),
                name="reviews_hearing_closed_has_closer",
            ),
        ]

    def __str__(self):
        return f"{self.review} ({self.sent_at:%d.%m.%Y})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reviews:hearing", args=[self.review_id])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def comments_open(self, today=None) -> bool:
        """Open, and the deadline (a whole day) not passed."""
        return self.is_open and (today or timezone.localdate()) <= self.deadline


class HearingComment(models.Model):
    """A leader's comment on the whole draft (no item) or on one item. Append-only."""

    TEXT_LIMIT = 5_000

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="comments", verbose_name=_("hearing")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    item = models.ForeignKey(
        "scales.Item",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("item"),
        help_text=_("Empty for a comment on the whole draft."),
    )
    text = models.TextField(_("comment"), max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("hearing comment")
        verbose_name_plural = _("hearing comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="reviews_hearingcomment_text_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.author} – {self.created_at:%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        # A comment is what the leader said, when they said it: never changed afterwards.
        if self.pk is not None and not self._state.adding:
            raise ValidationError(gettext("A comment cannot be changed once it is sent."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("A comment cannot be deleted."))

    def clean(self):
        if not self.text.strip():
            raise ValidationError({"text": gettext("Write a comment.")})

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() or self.author.get_username()


def comments_by_item(hearings) -> dict:
    """The comments of the given hearings (prefetched with their `comments`) by item id,
    oldest first; the comments on the whole draft under None."""
    grouped = {}
    for hearing in hearings:
        for comment in hearing.comments.all():
            grouped.setdefault(comment.item_id, []).append(comment)
    for comments in grouped.values():
        comments.sort(key=lambda comment: (comment.created_at, comment.pk))
    return grouped


def hearings_prefetch():
    """The review's hearings with their comments and authors (two queries)."""
    return models.Prefetch(
        "hearings",
        queryset=Hearing.objects.select_related("sent_by", "closed_by").prefetch_related(
            models.Prefetch(
                "comments", queryset=HearingComment.objects.select_related("author", "item")
            )
        ),
    )
