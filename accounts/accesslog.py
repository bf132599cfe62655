"""Who saw what: record a read, a download or an export in the access log.

Put one decorator under `@login_required` on every view that shows or hands out review data:

    @login_required
    @logged_download
    def report_pdf(request, pk): ...

A successful response (2xx) writes one row, one INSERT: who, when, the page and its full
address (an export's filters included), the client's address and, when the view loaded its
review or site through the access policy (`review_for_user`, `site_for_user`), that object.
A view that loads its object otherwise sets `request.accessed_object = obj` itself.
`tests/accounts/test_access_log.py` fails for a new URL until it is declared logged or not.
"""

from functools import wraps

from accounts.models import AccessLogEntry
from accounts.network import client_ip

Action = AccessLogEntry.Action


def record_access(request, action, *, subject=None) -> AccessLogEntry:
    subject = subject if subject is not None else getattr(request, "accessed_object", None)
    match = request.resolver_match
    return AccessLogEntry.objects.create(
        user_id=request.user.pk,
        action=action,
        page=match.view_name if match else "",
        path=request.get_full_path()[:2000],
        subject=str(subject)[:300] if subject is not None else "",
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        ip_address=client_ip(request),
    )


def logs_access(action):
    """Record `action` for every successful response of the decorated view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300 and request.user.is_authenticated:
                record_access(request, action)
            return response

        # Read by tests/accounts/test_access_log.py, which holds every URL to a declared action.
        wrapper.access_log_action = action
        return wrapper

    return decorator


logged_read = logs_access(Action.READ)
logged_download = logs_access(Action.DOWNLOAD)
logged_export = logs_access(Action.EXPORT)
