"""Sites (a municipality's IPS service), the regions they belong to, the clusters of a region,
and the rounds a site missed. The tables keep the names they had when these lived in the
reviews app (reviews_site …): the move changed no table.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from toolkit.text import one_line
from toolkit.versioning import version_field

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """An ASCII slug that spells æ, ø and å out (Køge → koege) instead of dropping them."""
    return slugify(text.translate(DANISH_LETTERS))


class Region(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[one_line])
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_regions",
        blank=True,
        verbose_name=_("coordinators"),
        help_text=_(
            "Regional coordinators follow every site of the region: its finalized reports, "
            "the overview, analytics, the schedule and the calibration."
        ),
    )
    moderation_required = models.BooleanField(
        _("moderation before the report leaves the reviewers"),
        default=False,
        help_text=_(
            "Before a draft goes out for comments or is finalized, a reviewer who did not "
            "review it reads it and approves it or sends it back with comments."
        ),
    )
    version = version_field()

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        db_table = "reviews_region"
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cluster(models.Model):
    """A group of municipalities in a region sharing one psychiatry district (klynge)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=100, validators=[one_line])
    psychiatry = models.CharField(
        _("psychiatry"), max_length=300, blank=True, validators=[one_line]
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Clusters are listed in this order in overviews (lowest first)."),
    )

    class Meta:
        db_table = "reviews_cluster"
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["region", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="reviews_cluster_unique_name"),
        ]

    def __str__(self):
        return self.name


class SiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Site(models.Model):
    """The IPS service of one municipality: its jobcenter with its psychiatry partner."""

    name = models.CharField(_("name"), max_length=150, unique=True, validators=[one_line])
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="sites", verbose_name=_("region")
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        related_name="sites",
        null=True,
        blank=True,
        verbose_name=_("cluster"),
    )
    jobcenter = models.CharField(_("jobcenter"), max_length=150, blank=True, validators=[one_line])
    psychiatry_partner = models.CharField(
        _("psychiatry partner"), max_length=200, blank=True, validators=[one_line]
    )
    active = models.BooleanField(_("active"), default=True)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="led_sites",
        blank=True,
        db_table="reviews_site_leaders",
        verbose_name=_("leaders"),
        help_text=_("Leaders read the finalized reviews and reports of this site."),
    )

    version = version_field()

    # Who leads a site decides who reads its reports: the leaders' changes are kept too.
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[leaders])
    objects = SiteQuerySet.as_manager()

    class Meta:
        db_table = "reviews_site"
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def slug(self) -> str:
        return danish_slug(self.name)

    def clean(self):
        if self.cluster_id and self.region_id and self.cluster.region_id != self.region_id:
            raise ValidationError({"cluster": gettext("The cluster belongs to another region.")})


class SkippedRound(models.Model):
    """Why a site has no review in a round of a scale (shown as a dash in the overview)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="skipped_rounds", verbose_name=_("site")
    )
    scale_code = models.SlugField(_("scale code"), max_length=20, help_text=_("E.g. ips-15."))
    round = models.PositiveSmallIntegerField(_("round"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        db_table = "reviews_skippedround"
        verbose_name = _("missing review")
        verbose_name_plural = _("missing reviews")
        ordering = ["site", "scale_code", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "scale_code", "round"], name="reviews_skippedround_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(round__gte=1), name="reviews_skippedround_round_gte_1"
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.scale_code} {self.round}: {self.reason}"
