"""The login lockout (django-axes) for both steps of a login: five failed attempts, a wrong
password or a wrong code, for one user name from one address lock that pair for 15 minutes."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed


def _credentials(user):
    return {"username": user.get_username()}


def is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def lockout_response(request, user):
    return get_lockout_response(request, None, _credentials(user))


def record_failure(request, user) -> None:
    """Count a wrong code like a wrong password; the fifth locks (AxesMiddleware answers)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def reset(request, user) -> None:
    """A complete login (password, and the second factor where needed) clears the count."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(
        ip_address=request.axes_ip_address, username=user.get_username()
    )
