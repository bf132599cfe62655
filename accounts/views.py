"""Logging in (password, then the second factor), setting up an authenticator, recovery
codes, and setting one's password through a one-time link (reset or invitation)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import lockout, secondfactor
from accounts.forms import CodeForm, QueuedPasswordResetForm, SetupCodeForm
from accounts.models import Invitation
from accounts.tokens import invitation_tokens


def clear_browser_storage(response):
    """Ask the browser to drop what the app's pages keep in it (text not yet saved, kept in
    local storage; the pages kept for offline use, in the service worker's cache): a shared
    machine keeps nothing of the person once they log out."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        return clear_browser_storage(super().post(request, *args, **kwargs))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if secondfactor.has_second_factor(user):
            self.request.session[secondfactor.REQUIRED_SESSION_KEY] = True
        else:
            # Nothing more to pass (or an authenticator to set up, which no code guards).
            lockout.reset(self.request, user)
        return response


def _to(name, request):
    """The URL of `name`, keeping the `next` the person was on their way to."""
    query = request.GET.urlencode()
    return f"{reverse_lazy(name)}?{query}" if query else reverse_lazy(name)


def _safe_next(request) -> str:
    """The `next` the person was on their way to if it is a path of this site (`/…`), else
    "": another host, or a bare word that `redirect` would take for a URL name, is ignored."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_url(request, default="overview:home"):
    """Where to go after a login step: the safe `next`, or the start page."""
    return _safe_next(request) or reverse_lazy(default)


@login_required
def second_factor(request):
    """The login's second step: a code from the authenticator app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not secondfactor.has_second_factor(user):
        return redirect(_to("accounts:second_factor_setup", request))
    if lockout.is_locked(request, user):
        return lockout.lockout_response(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, wait = secondfactor.verify(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            lockout.reset(request, user)
            if isinstance(device, StaticDevice):
                left = len(secondfactor.recovery_codes(user))
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(_next_url(request))
        lockout.record_failure(request, user)
        if wait:
            form.add_error(
                "code",
                _("Too many wrong codes in a row. Wait %(seconds)s seconds and try again.")
                % {"seconds": wait},
            )
        else:
            form.add_error("code", _("The code is not right. Try the newest code in the app."))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def second_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code.

    Someone who already has one must have passed it in this session first: a password
    alone never adds an authenticator to an account that has one.
    """
    user = request.user
    if secondfactor.has_second_factor(user) and not user.is_verified():
        return redirect(_to("accounts:second_factor", request))
    device = secondfactor.new_totp_device(request)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if secondfactor.totp_confirm(request=request, device=device, token=code):
            messages.success(
                request,
                _("Two-factor login is on. Keep your recovery codes somewhere safe."),
            )
            url = reverse_lazy("accounts:recovery_codes")
            nxt = _safe_next(request)
            return redirect(f"{url}?{urlencode({'next': nxt}, safe='/')}" if nxt else url)
        form.add_error(
            "code",
            _("The code is not right. Check that the phone's clock is correct and try again."),
        )
    context = {
        "form": form,
        "qr_svg": secondfactor.qr_code_svg(device),
        "secret": secondfactor.secret_in_base32(device),
        "device": device,
        "replacing": secondfactor.has_second_factor(user),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@login_required
def recovery_codes(request):
    """The person's unused recovery codes; new ones replace them all (POST)."""
    user = request.user
    if not user.is_verified():
        return redirect("accounts:second_factor_setup")
    if request.method == "POST":
        secondfactor.recovery_codes_create(user)
        messages.success(request, _("New recovery codes were made; the old ones no longer work."))
        return redirect("accounts:recovery_codes")
    context = {"codes": secondfactor.recovery_codes(user), "next": _next_url(request)}
    return render(request, "accounts/recovery_codes.html", context)


password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_set.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_set_done.html"
)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited person chooses their password; the link works once and expires."""

    token_generator = invitation_tokens
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"invitation": True}

    def form_valid(self, form):
        response = super().form_valid(form)
        Invitation.objects.filter(user=form.user, accepted_at=None).update(
            accepted_at=timezone.now()
        )
        return response


invitation_accept = InvitationAcceptView.as_view()
