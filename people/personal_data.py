"""Everything stored about one person, as sheets of a workbook, in Danish."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles, secondfactor
from accounts.models import AccessLogEntry, Invitation
from outbox.models import Email
from reviews.models import Review, ReviewReviewer
from sso.models import SignOnAttempt, SignOnIdentity
from visits.models import Note


def _when(value):
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def _name(user):
    return user.get_full_name() or user.get_username()


def _yes(value):
    return _("Yes") if value else _("No")


def _person(person):
    header = [_("Field"), _("Value")]
    rows = [
        [_("Name"), person.get_full_name()],
        [_("User name"), person.get_username()],
        [_("E-mail address"), person.email],
        [_("Active"), _yes(person.is_active)],
        [_("Created"), _when(person.date_joined)],
        [_("Last login"), _when(person.last_login)],
        [_("Has chosen a password"), _yes(person.has_usable_password())],
        [
            _("Two-factor login"),
            _yes(TOTPDevice.objects.filter(user=person, confirmed=True).exists()),
        ],
        [_("Unused recovery codes"), len(secondfactor.recovery_codes(person))],
    ]
    return _("Person"), header, rows


def _roles(person):
    names = sorted(roles.role_names(person))
    return _("Roles"), [_("Role")], [[roles.role_label(name)] for name in names]


def _sites(person):
    sites = person.led_sites.select_related("region").order_by("name")
    return _("Sites"), [_("Site"), _("Region")], [[s.name, s.region.name] for s in sites]


def _reviews(person):
    links = (
        ReviewReviewer.objects.filter(user=person)
        .select_related("review__site", "review__scale")
        .order_by("review__visit_date", "review__pk")
    )
    header = [_("Site"), _("Review date"), _("Scale"), _("Status"), _("Lead reviewer")]
    rows = [
        [
            link.review.site.name,
            link.review.visit_date.strftime("%d.%m.%Y"),
            link.review.scale.label,
            str(link.review.get_status_display()),
            _yes(link.is_lead),
        ]
        for link in links
    ]
    return _("Reviews"), header, rows


def _changes(person):
    """Every change the person made, from every history table (django-simple-history)."""
    header = [
        _("Time"),
        _("Kind of object"),
        _("Object id"),
        pgettext("a change of a record", "Change"),
        _("Field"),
    ]
    kinds = {"+": _("added"), "~": _("changed"), "-": _("removed")}
    rows = []
    for model in apps.get_models():
        if not hasattr(model, "instance_type") or not hasattr(model, "history_user"):
            continue
        meta = model.instance_type._meta
        label = str(meta.verbose_name)
        for record in model.objects.filter(history_user=person).order_by("history_date"):
            rows.append(
                [
                    record.history_date,
                    label,
                    record.id,
                    kinds.get(record.history_type, ""),
                    _field_name(meta, record.history_change_reason),
                ]
            )
    rows.sort(key=lambda row: row[0])
    return _("Changes"), header, [[_when(row[0]), *row[1:]] for row in rows]


def _field_name(meta, reason):
    """The changed field's name, when the history records one (reviews/changelog.py)."""
    try:
        return str(meta.get_field(reason).verbose_name).capitalize() if reason else ""
    except FieldDoesNotExist:
        return reason


def _access_log(person):
    entries = AccessLogEntry.objects.filter(user=person).order_by("at", "pk")
    header = [_("Time"), _("Action"), _("What"), _("Address (URL)"), _("IP address")]
    rows = [
        [_when(e.at), str(e.get_action_display()), e.subject, e.path, e.ip_address or ""]
        for e in entries.iterator()
    ]
    return _("Access log"), header, rows


def _emails(person):
    emails = Email.objects.filter(recipient=person).order_by("created_at", "pk")
    header = [_("Created"), _("To"), _("Subject"), _("Status"), _("Sent")]
    rows = [
        [_when(e.created_at), e.to, e.subject, str(e.get_status_display()), _when(e.sent_at)]
        for e in emails
    ]
    return _("E-mails"), header, rows


def _invitations(person):
    invitations = Invitation.objects.filter(user=person).select_related("invited_by")
    header = [_("Sent"), _("Invited by"), _("Accepted")]
    rows = [
        [
            _when(i.sent_at),
            i.invited_by.get_full_name() or i.invited_by.username,
            _when(i.accepted_at),
        ]
        for i in invitations
    ]
    return _("Invitations"), header, rows


def _sign_on(person):
    """How the person is known to identity providers, and each login through one."""
    header = [_("Time"), _("Identity provider"), _("Outcome"), _("CVR number"), _("NSIS level")]
    attempts = SignOnAttempt.objects.filter(user=person).select_related("provider")
    rows = [
        [
            _("Known as %(subject)s") % {"subject": identity.subject},
            identity.provider.name,
            "",
            "",
            "",
        ]
        for identity in SignOnIdentity.objects.filter(user=person).select_related("provider")
    ]
    rows += [
        [_when(a.at), str(a.provider or ""), str(a.get_outcome_display()), a.cvr, a.level]
        for a in attempts.order_by("at", "pk")
    ]
    return _("Single sign-on"), header, rows


def _visit_notes(person):
    """The notes the person wrote at visits, while they exist (they are deleted some days
    after their review is finalized)."""
    notes = Note.objects.filter(author=person).select_related("session__review__site")
    header = [_("Written"), _("Site"), _("Session"), _("Note")]
    rows = [
        [_when(n.created_at), n.session.review.site.name, n.session.title, n.text]
        for n in notes.order_by("created_at", "pk")
    ]
    return _("Visit notes"), header, rows


def _moderations(person):
    """The drafts the person was asked to moderate, with their decision and comments."""
    reviews = Review.objects.filter(moderator=person).select_related("site", "scale")
    header = [_("Review"), _("Moderation"), _("Decided"), _("Comments")]
    rows = [
        [str(r), str(r.get_moderation_display()), _when(r.moderated_at), r.moderation_comment]
        for r in reviews.order_by("visit_date", "pk")
    ]
    return _("Moderation"), header, rows


def personal_data_sheets(person):
    """(title, header, rows) for each kind of data: name, roles, sites, reviews, changes,
    log entries, e-mails, invitations, logins through an identity provider, visit notes and
    moderations."""
    return [
        part(person)
        for part in (
            _person,
            _roles,
            _sites,
            _reviews,
            _changes,
            _access_log,
            _emails,
            _invitations,
            _sign_on,
            _visit_notes,
            _moderations,
        )
    ]
