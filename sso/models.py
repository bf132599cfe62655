"""The identity providers an administrator connects, the rules that turn what an assertion
carries into roles and sites, who signed on through which provider, and every sign-on
attempt (also the refused ones)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import roles
from sites.models import Region, Site
from toolkit.text import one_line

CVR = RegexValidator(r"^\d{8}$", _("A CVR number is eight digits."))


class Level(models.TextChoices):
    """The NSIS assurance levels, lowest first (OIOSAML 3 carries one in every assertion)."""

    LOW = "Low", _("Low")
    SUBSTANTIAL = "Substantial", _("Substantial")
    HIGH = "High", _("High")

    @classmethod
    def rank(cls, value) -> int:
        """0, 1, 2 for Low, Substantial, High; -1 for anything else (no level at all)."""
        order = [cls.LOW, cls.SUBSTANTIAL, cls.HIGH]
        return order.index(value) if value in order else -1


class IdentityProvider(models.Model):
    """An organisation's (or a federation's) identity provider, from its SAML metadata."""

    name = models.CharField(_("name"), max_length=150, validators=[one_line])
    entity_id = models.CharField(_("entity ID"), max_length=500, unique=True, editable=False)
    metadata = models.TextField(
        _("metadata"),
        help_text=_("The identity provider's SAML metadata (XML), as it publishes it."),
    )
    minimum_level = models.CharField(
        _("lowest NSIS level"),
        max_length=20,
        choices=Level.choices,
        default=Level.SUBSTANTIAL,
        help_text=_(
            "A login below this level is refused. At Substantial or above, the app asks no "
            "second factor of its own."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.metadata:
            try:
                self.entity_id = idp_entity_id(self.metadata)
            except ValueError as error:
                raise ValidationError({"metadata": str(error)}) from error
            duplicate = IdentityProvider.objects.filter(entity_id=self.entity_id)
            if duplicate.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"metadata": gettext("This identity provider is already connected.")}
                )

    @property
    def skips_second_factor(self) -> bool:
        return Level.rank(self.minimum_level) >= Level.rank(Level.SUBSTANTIAL)


def idp_entity_id(metadata: str) -> str:
    """The entity ID of the one identity provider `metadata` describes; ValueError with a
    Danish message when it describes none (or is no metadata at all)."""
    from saml2.mdstore import InMemoryMetaData

    store = InMemoryMetaData(None, metadata)
    try:
        store.load()
    except Exception as error:
        raise ValueError(gettext("The metadata is not valid SAML metadata.")) from error
    providers = [eid for eid, entity in store.items() if "idpsso_descriptor" in entity]
    if len(providers) != 1:
        raise ValueError(gettext("The metadata must describe exactly one identity provider."))
    return providers[0]


class MappingRule(models.Model):
    """Who gets which role: everyone from the organisation with this CVR number (or from
    any organisation when left empty) who holds this privilege (or any, when left empty).
    A person gets the roles, sites and regions of every rule that matches them."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="rules",
        verbose_name=_("identity provider"),
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[CVR])
    privilege = models.CharField(
        _("privilege"),
        max_length=300,
        blank=True,
        validators=[one_line],
        help_text=_(
            "The privilege (or job-function role) the organisation gives the person, as "
            "the assertion carries it, e.g. http://ipsfidelity.dk/roles/leder."
        ),
    )
    role = models.CharField(
        _("role"), max_length=50, choices=[(name, name) for name in roles.ROLE_ORDER]
    )
    sites = models.ManyToManyField(
        Site,
        blank=True,
        related_name="+",
        verbose_name=_("sites"),
        help_text=_("For leaders: the sites they lead."),
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("regions"),
        help_text=_("For regional coordinators: the regions they follow."),
    )
    history = HistoricalRecords(m2m_fields=[sites, regions])

    class Meta:
        verbose_name = _("mapping rule")
        verbose_name_plural = _("mapping rules")
        ordering = ["provider", "cvr", "privilege", "pk"]

    def __str__(self):
        who = self.cvr or gettext("any organisation")
        return f"{who} · {self.privilege or gettext('any privilege')} → {self.role}"

    def matches(self, cvr: str, privileges: set[tuple[str, str]]) -> bool:
        """`privileges` holds (CVR, privilege) pairs; a rule asking no privilege matches the
        person's own organisation."""
        if not self.privilege:
            return self.cvr in ("", cvr)
        return any(
            self.privilege == privilege and self.cvr in ("", scope)
            for scope, privilege in privileges
        )


class SignOnIdentity(models.Model):
    """The person an identity provider knows by this persistent name."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.PROTECT, related_name="identities"
    )
    subject = models.CharField(_("subject"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_identities"
    )

    class Meta:
        verbose_name = _("sign-on identity")
        verbose_name_plural = _("sign-on identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="sso_signonidentity_unique_subject"
            )
        ]

    def __str__(self):
        return f"{self.provider}: {self.subject}"


class SignOnAttempt(models.Model):
    """One login through an identity provider, let in or refused, and why (kept for the
    administrators; no attribute values but the CVR number)."""

    class Outcome(models.TextChoices):
        LET_IN = "let_in", _("Let in")
        INVALID = "invalid", _("Refused: the response was not valid")
        LEVEL = "level", _("Refused: NSIS level too low")
        UNKNOWN_ORGANISATION = "unknown_cvr", _("Refused: unknown organisation")
        NO_ROLE = "no_role", _("Refused: no privilege maps to a role")
        DEACTIVATED = "deactivated", _("Refused: the person is deactivated")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("identity provider"),
    )
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    level = models.CharField(_("NSIS level"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sign-on attempt")
        verbose_name_plural = _("sign-on attempts")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="let_in") | Q(user__isnull=False),
                name="sso_signonattempt_let_in_has_user",
            )
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


def clean_cvr(value: str) -> str:
    """The eight digits of a CVR number as the attributes carry it (bare, or as
    urn:dk:gov:saml:cvrNumberIdentifier:12345678)."""
    match = re.search(r"(\d{8})$", (value or "").strip())
    return match.group(1) if match else ""
