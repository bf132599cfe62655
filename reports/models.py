import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews.models import Review


class FinalReportQuerySet(models.QuerySet):
    def current_for(self, review):
        """The report stored when the review was last finalized."""
        return self.filter(review=review).order_by("-created_at", "-pk").first()


class FinalReport(models.Model):
    """The PDF rendered once when a review was finalized, kept byte for byte.

    Stored on purpose (not derived): leaders must always download exactly the report that
    was finalized. Reopening and finalizing again adds a new one; old ones stay as history.
    An administrator may render a stored report again only when it came out unstyled
    (`reports.services.final_report_rerender`): the new one `replaces` the old, which stays,
    and `reason` records why.
    """

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="final_reports", verbose_name=_("review")
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("replaces"),
        help_text=_("The stored report this one was rendered again to replace."),
    )
    reason = models.TextField(
        _("reason"),
        max_length=2000,
        blank=True,
        help_text=_("Why the report was rendered again."),
    )

    objects = FinalReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="reports_final_not_empty"),
            models.CheckConstraint(
                condition=models.Q(replaces__isnull=True) | ~models.Q(reason=""),
                name="reports_final_rerender_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.review} ({self.sha256[:12]})"

    def save(self, *args, **kwargs):
        # A stored report is evidence of what was finalized: it is written once, never changed.
        if self.pk and FinalReport.objects.filter(pk=self.pk).exists():
            raise ValidationError(gettext("A stored report cannot be changed."))
        self.full_clean(exclude=["review", "created_by"])
        super().save(*args, **kwargs)

    def clean(self):
        if self.sha256 != hashlib.sha256(bytes(self.pdf)).hexdigest():
            raise ValidationError(gettext("The checksum does not match the PDF."))
        if self.size != len(self.pdf):
            raise ValidationError(gettext("The size does not match the PDF."))
        if self.replaces_id and not self.reason.strip():
            raise ValidationError(
                {"reason": gettext("Give a reason for rendering the report again.")}
            )


def report_filename(review, *, draft=False) -> str:
    name = f"fidelity-review-{review.site.slug}-{review.visit_date:%Y-%m-%d}"
    return f"{name}-udkast.pdf" if draft else f"{name}.pdf"
