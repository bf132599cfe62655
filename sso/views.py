"""The SAML endpoints: start a login at an identity provider, receive its answer, log out
everywhere, and the app's own metadata. djangosaml2's views with the app's configuration
(`sso.config`), its decisions (`sso.signon`) and Danish pages."""

import logging

from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from djangosaml2 import views as saml_views

from accounts import secondfactor
from accounts.views import clear_browser_storage
from sso import config, signon
from sso.models import IdentityProvider, Level

logger = logging.getLogger(__name__)

# The session says how the person came in: the level, and that logging out goes through the
# identity provider. The person is loaded by Django's model backend, which also refuses a
# deactivated person in a session they already had.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class _Configured(saml_views.SPConfigMixin):
    """Every SAML view: 404 until the app has its keys; the configuration from the database."""

    def dispatch(self, request, *args, **kwargs):
        if not config.is_configured():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_config_loader_path(self, request):
        return config.sp_config


class LoginView(_Configured, saml_views.LoginView):
    def get(self, request, *args, **kwargs):
        # The provider the login page's button named, or the only one there is.
        chosen = request.GET.get("idp")
        providers = IdentityProvider.objects.filter(active=True)
        named = bool(chosen) and providers.filter(entity_id=chosen).exists()
        if not named and providers.count() != 1:
            raise Http404
        return super().get(request, *args, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerServiceView(_Configured, saml_views.AssertionConsumerServiceView):
    def authenticate_user(self, request, session_info, attribute_mapping, create, assertion):
        try:
            user = signon.sign_on(session_info)
        except signon.Refused as refusal:
            request.sign_on_refusal = refusal
            raise PermissionDenied(refusal.message) from refusal
        auth.login(request, user, backend=MODEL_BACKEND)
        # What djangosaml2's own login step keeps for the single logout.
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])
        level = signon.assurance_level(session_info)
        request.session[secondfactor.SIGNED_ON_SESSION_KEY] = level
        if Level.rank(level) >= Level.rank(Level.SUBSTANTIAL):
            request.session[secondfactor.PASSED_ELSEWHERE_SESSION_KEY] = True
        return user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        refusal = getattr(request, "sign_on_refusal", None)
        if refusal is None:
            # pysaml2 refused the response itself: signature, audience, time, replay.
            signon.record_invalid(
                "", f"{type(exception).__name__}: {exception}" if exception else ""
            )
        return render(request, "sso/refused.html", {"refusal": refusal}, status=status)


@method_decorator(require_POST, name="dispatch")
class LogoutView(_Configured, saml_views.LogoutInitView):
    """Logging out of a session that came through an identity provider: out of the app and,
    through the provider, out of the other services of the same login (single logout).
    POST only, as the app's own logout."""

    def post(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        if response.status_code == 302:
            # On to the identity provider by a page rather than a redirect: the page's
            # form-action policy (the app's own address only) also holds for where a form's
            # redirect leads, and the provider is elsewhere.
            response = render(request, "sso/leaving.html", {"url": response["Location"]})
        return clear_browser_storage(response)

    def handle_unsupported_slo_exception(self, request, exception, *args, **kwargs):
        return render(request, "sso/logged_out.html", {"partly": True})


@method_decorator(csrf_exempt, name="dispatch")
class LoggedOutView(_Configured, saml_views.LogoutView):
    """The identity provider's answer to a logout (or its own request to log out)."""

    logout_error_template = "sso/logged_out.html"


class MetadataView(_Configured, saml_views.MetadataView):
    """The app's SAML metadata, for the identity provider's administrators."""
