"""Work the task queue's worker does for accounts: the password-reset e-mail.

The reset page does the same work whatever address it is given — it queues this task and
answers — so neither its answer nor its timing tells whether an address has an account. The
worker looks the address up and queues the e-mail, at most RESETS_PER_ADDRESS an hour to one
address, so asking fifteen times in a second sends one or two e-mails, not fifteen.
"""

from datetime import timedelta

from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import Email
from outbox.services import email_queue

RESETS_PER_ADDRESS = 3
RESET_KIND = "password_reset"


class _ResetForm(PasswordResetForm):
    """Django's own reset form, writing its e-mail to the outbox."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        email_queue(
            to=to_email,
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
            kind=RESET_KIND,
            secret=True,
            recipient=context["user"],
        )


def password_reset_send(address: str, domain: str, use_https: bool) -> str:
    """Queue the reset e-mail to the active accounts with `address`, unless the address had
    RESETS_PER_ADDRESS in the last hour."""
    recent = Email.objects.filter(
        kind=RESET_KIND,
        to__iexact=address,
        created_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent >= RESETS_PER_ADDRESS:
        return "throttled"
    form = _ResetForm({"email": address})
    if not form.is_valid():
        return "invalid"
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name="accounts/email/password_reset_subject.txt",
        email_template_name="accounts/email/password_reset.txt",
    )
    return "done"
