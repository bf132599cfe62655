"""What a server needs beyond the app's pages: a health check and the CSRF failure page."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when not; for load balancers, no login needed.

    Says nothing else about the server (no versions, no error text).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: usually a page left open past a new login."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers and crawlers that ask for /favicon.ico despite the page's icon link."""
    return redirect(static("favicon.ico"), permanent=False)
