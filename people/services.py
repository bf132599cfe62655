"""Writes about people: inviting someone, and deactivating them when they leave."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Invitation, Session
from accounts.tokens import invitation_tokens
from outbox.services import email_queue


def person_invite(*, email, first_name, last_name, role, sites, invited_by, base_url, regions=()):
    """A new person with a role (and, for a leader, their sites; for a regional coordinator,
    their regions), and an e-mail with a link
    to choose their own password. Their user name is their e-mail address."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError(_("Someone with this e-mail address already exists."))
    if role == roles.LEADER and not sites:
        raise ValidationError(_("Choose the sites the leader leads."))
    if role == roles.COORDINATOR and not regions:
        raise ValidationError(_("Choose the regions the coordinator follows."))
    with transaction.atomic():
        person = User(username=email, email=email, first_name=first_name, last_name=last_name)
        # Administrators work in the admin site too.
        person.is_staff = role == roles.ADMINISTRATOR
        person.set_unusable_password()
        person.save()
        person.groups.add(Group.objects.get(name=role))
        if role == roles.LEADER:
            for site in sites:
                site.leaders.add(person)
        if role == roles.COORDINATOR:
            person.coordinated_regions.add(*regions)
        invitation_send(person=person, invited_by=invited_by, base_url=base_url)
    return person


def invitation_send(*, person, invited_by, base_url) -> Invitation:
    """Queue the invitation e-mail. Only someone who has not yet chosen a password gets
    one: the link sets a password, and must not replace a person's own."""
    if person.has_usable_password() or not person.is_active:
        raise ValidationError(_("This person has already chosen a password."))
    with transaction.atomic():
        invitation = Invitation.objects.create(user=person, invited_by=invited_by)
        link = base_url.rstrip("/") + reverse(
            "accounts:invitation_accept",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": invitation_tokens.make_token(person),
            },
        )
        context = {"person": person, "invited_by": invited_by, "link": link}
        email_queue(
            to=person.email,
            subject=render_to_string("people/email/invitation_subject.txt", context),
            body=render_to_string("people/email/invitation.txt", context),
            kind="invitation",
            secret=True,
            recipient=person,
        )
    return invitation


def person_deactivate(*, person, by) -> int:
    """The person can no longer log in, and every session of theirs ends now. Their name
    stays on everything they did. Returns the number of sessions ended."""
    if person.pk == by.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    with transaction.atomic():
        person.is_active = False
        person.save(update_fields=["is_active"])
        ended, _by_model = Session.objects.filter(user=person).delete()
    return ended
