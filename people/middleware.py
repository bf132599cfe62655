from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts import secondfactor
from accounts.rules import user_access

# What a person may open between the password and the second factor: the second factor
# itself, setting one up, logging out, and what is open to everyone anyway.
OPEN_WHILE_PENDING = {
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:logout",
    "ops:healthz",
    "ops:favicon",
    "ops:accessibility",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",
}


class SecondFactorMiddleware:
    """No page, the admin site's included, for someone who must pass a second factor and has
    not in this session: to the code if they have an authenticator, else to setting one up.

    Who must: the access policy's `needs_second_factor` (administrators and leaders), and
    anyone who set up an authenticator (the login marks their session). A login through an
    identity provider at NSIS Substantial or above passed two factors there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if secondfactor.passed_elsewhere(request.session):
            return None
        required = request.session.get(secondfactor.REQUIRED_SESSION_KEY)
        if not (required or user_access(user).needs_second_factor):
            return None
        request.second_factor_pending = True
        if request.resolver_match.view_name in OPEN_WHILE_PENDING:
            return None
        target = (
            "accounts:second_factor"
            if secondfactor.has_second_factor(user)
            else "accounts:second_factor_setup"
        )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
