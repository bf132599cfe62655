"""Letting a person in from an identity provider's assertion: the NSIS level, the
organisation, the privileges and the mapping rules decide who they are in the app.

The assertion has already been checked by pysaml2 (signature, audience, validity, the
request it answers); what is decided here is whether its person may come in, and as whom.
Each call records one `SignOnAttempt`, let in or refused.
"""

import base64
import binascii
import hashlib
import logging

from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from sso.models import IdentityProvider, Level, SignOnAttempt, SignOnIdentity, clean_cvr

logger = logging.getLogger(__name__)

# The attributes of OIOSAML 3 (Digitaliseringsstyrelsen's SAML profile, used by NemLog-in
# and by KOMBIT's Context Handler) that the app reads.
LEVEL = "https://data.gov.dk/concept/core/nsis/loa"
CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"
EMAIL = "https://data.gov.dk/model/core/eid/email"
READ_ATTRIBUTES = (LEVEL, CVR, PRIVILEGES, FIRST_NAME, LAST_NAME, EMAIL)
# The level may also come as the authentication context class.
LEVEL_CONTEXT_PREFIX = "https://data.gov.dk/concept/core/nsis/"


class Refused(Exception):
    """The person may not come in; the message is for them, in Danish."""

    def __init__(self, outcome, message):
        super().__init__(message)
        self.outcome = outcome
        self.message = message


def _first(attributes, name) -> str:
    values = attributes.get(name) or []
    return str(values[0]).strip() if values else ""


def assurance_level(session_info) -> str:
    attributes = session_info.get("ava", {})
    level = _first(attributes, LEVEL)
    if level:
        return level
    for context, _authorities, _instant in session_info.get("authn_info", []):
        if context.startswith(LEVEL_CONTEXT_PREFIX):
            return context.removeprefix(LEVEL_CONTEXT_PREFIX)
    return ""


def privileges(values, own_cvr) -> set[tuple[str, str]]:
    """(CVR, privilege) pairs from OIOSAML's basic privilege profile (base64-encoded XML,
    one group of privileges per organisation), or plain values (job-function roles) that
    hold for the person's own organisation."""
    pairs = set()
    for value in values or []:
        value = str(value).strip()
        try:
            document = ElementTree.fromstring(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError, ElementTree.ParseError):
            pairs.add((own_cvr, value))
            continue
        for group in document.iter():
            if group.tag.rsplit("}", 1)[-1] != "PrivilegeGroup":
                continue
            scope = clean_cvr(group.get("Scope", ""))
            for privilege in group:
                if privilege.tag.rsplit("}", 1)[-1] == "Privilege" and privilege.text:
                    pairs.add((scope, privilege.text.strip()))
    return pairs


def _username(provider, subject) -> str:
    digest = hashlib.sha256(f"{provider.entity_id}\n{subject}".encode()).hexdigest()
    return f"sso-{digest[:16]}"


def _record(outcome, *, provider, subject, cvr="", level="", user=None, detail=""):
    SignOnAttempt.objects.create(
        outcome=outcome,
        provider=provider,
        subject=subject[:500],
        cvr=cvr,
        level=level[:20],
        user=user,
        detail=detail[:300],
    )
    log = logger.info if outcome == SignOnAttempt.Outcome.LET_IN else logger.warning
    log("Sign-on %s: provider=%s cvr=%s level=%s", outcome, provider, cvr, level)


def record_invalid(entity_id, detail):
    """A response pysaml2 refused (signature, audience, time, replay): recorded without
    anything from it, which cannot be trusted."""
    provider = IdentityProvider.objects.filter(entity_id=entity_id).first() if entity_id else None
    _record(SignOnAttempt.Outcome.INVALID, provider=provider, subject="", detail=detail)


def _set_from_their_side(current, wanted, people_of, user):
    """Make `user` one of the people of exactly the `wanted` sites (or regions), changing
    each from its own side so that the site's history records the change."""
    current = set(current)
    for thing in current - wanted:
        people_of(thing).remove(user)
    for thing in wanted - current:
        people_of(thing).add(user)


def _strip_access(user):
    """Someone whose privileges no longer give a role keeps no role, site or region."""
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLE_ORDER))
    _set_from_their_side(user.led_sites.all(), set(), lambda site: site.leaders, user)
    _set_from_their_side(
        user.coordinated_regions.all(), set(), lambda region: region.coordinators, user
    )


def sign_on(session_info):
    """The person of a checked assertion, created or updated from it; `Refused` if they may
    not come in (recorded either way)."""
    provider = IdentityProvider.objects.get(entity_id=session_info["issuer"], active=True)
    attributes = session_info.get("ava", {})
    subject = session_info["name_id"].text.strip()
    level = assurance_level(session_info)
    cvr = clean_cvr(_first(attributes, CVR))
    context = {"provider": provider, "subject": subject, "cvr": cvr, "level": level}
    identity = (
        SignOnIdentity.objects.select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    known = identity.user if identity else None

    if Level.rank(level) < Level.rank(provider.minimum_level):
        _record(SignOnAttempt.Outcome.LEVEL, user=known, **context)
        raise Refused(
            SignOnAttempt.Outcome.LEVEL,
            _(
                "Your login was at NSIS level %(level)s; IPS Fidelity requires at least "
                "%(minimum)s. Log in again with MitID at a higher level."
            )
            % {
                "level": Level(level).label if level in Level.values else _("unknown"),
                "minimum": Level(provider.minimum_level).label,
            },
        )
    rules = list(provider.rules.prefetch_related("sites", "regions"))
    if not any(rule.cvr in ("", cvr) for rule in rules):
        _record(SignOnAttempt.Outcome.UNKNOWN_ORGANISATION, user=known, **context)
        raise Refused(
            SignOnAttempt.Outcome.UNKNOWN_ORGANISATION,
            _(
                "Your organisation (CVR %(cvr)s) is not connected to IPS Fidelity. Ask your "
                "IT department or the administrator of IPS Fidelity."
            )
            % {"cvr": cvr or _("unknown")},
        )
    held = privileges(attributes.get(PRIVILEGES), cvr)
    matched = [rule for rule in rules if rule.matches(cvr, held)]
    if not matched:
        if known:
            _strip_access(known)
        _record(SignOnAttempt.Outcome.NO_ROLE, user=known, **context)
        raise Refused(
            SignOnAttempt.Outcome.NO_ROLE,
            _(
                "Your organisation has not given you access to IPS Fidelity. Ask the person "
                "in your organisation who assigns privileges."
            ),
        )
    if known and not known.is_active:
        _record(SignOnAttempt.Outcome.DEACTIVATED, user=known, **context)
        raise Refused(
            SignOnAttempt.Outcome.DEACTIVATED,
            _("Your access to IPS Fidelity has been closed. Ask an administrator."),
        )

    with transaction.atomic():
        user = _let_in(provider, subject, known, identity, attributes, matched)
    _record(SignOnAttempt.Outcome.LET_IN, user=user, **context)
    return user


def _let_in(provider, subject, known, identity, attributes, matched):
    """Create or update the person, with exactly the roles, sites and regions of the rules
    that matched them."""
    user = known or get_user_model()(username=_username(provider, subject))
    user.first_name = _first(attributes, FIRST_NAME)[:150]
    user.last_name = _first(attributes, LAST_NAME)[:150]
    user.email = _first(attributes, EMAIL)[:254]
    if user.pk is None:
        user.set_unusable_password()
    user.save()
    if identity is None:
        SignOnIdentity.objects.create(provider=provider, subject=subject, user=user)

    roles.sync_role_groups()
    granted = {rule.role for rule in matched}
    user.groups.remove(*Group.objects.filter(name__in=set(roles.ROLE_ORDER) - granted))
    user.groups.add(*Group.objects.filter(name__in=granted))
    _set_from_their_side(
        user.led_sites.all(),
        {site for rule in matched if rule.role == roles.LEADER for site in rule.sites.all()},
        lambda site: site.leaders,
        user,
    )
    _set_from_their_side(
        user.coordinated_regions.all(),
        {
            region
            for rule in matched
            if rule.role == roles.COORDINATOR
            for region in rule.regions.all()
        },
        lambda region: region.coordinators,
        user,
    )
    return user
