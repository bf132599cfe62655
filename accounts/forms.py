from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from accounts.network import client_ip


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        help_text=_("The six digits the app shows for IPS Fidelity."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """The address is handed to the task queue, which looks it up and sends the e-mail
    (accounts/tasks.py): the request does the same work whether or not it is known, and at
    most RESETS_PER_ADDRESS_PER_IP resets an hour from one client address are taken."""

    def save(self, *, request, use_https=False, **_options):
        if throttled(request):
            return  # the same answer, and nothing queued
        async_task(
            "accounts.tasks.password_reset_send",
            self.cleaned_data["email"],
            request.get_host(),
            use_https,
            task_name="password reset",
        )


RESETS_PER_IP = 10


def throttled(request) -> bool:
    """More than RESETS_PER_IP reset requests from this client address within the hour (the
    count lives in the shared cache, so every app server counts together)."""
    key = f"password-reset:{client_ip(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between the two calls
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > RESETS_PER_IP
