"""What a server needs beyond the app's pages: a health check, the CSRF failure page and the
accessibility statement every page links to."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when not; for load balancers, no login needed.

    Says nothing else about the server (no versions, no error text). Answered by
    `ops.middleware.HealthCheckMiddleware` before the host is checked; the URL pattern names
    the address.
    """
    return health(request)


def health(request):
    if request.method not in ("GET", "HEAD"):
        return JsonResponse({"status": "method not allowed"}, status=405)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable"}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


def bad_request(request, exception):
    """400, or 413 when the request was larger than Django accepts (a huge pasted text).

    The autosave script asks for JSON and gets a message it can show beside the field;
    browsers get the Danish error page. Rendered without the request, like Django's own.
    """
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    if too_large and "application/json" in request.headers.get("Accept", ""):
        message = _("The text is far too long to be saved. Nothing was changed.")
        return JsonResponse({"ok": False, "error": message, "too_large": True}, status=status)
    page = loader.get_template("400.html").render({"too_large": too_large})
    return HttpResponse(page, status=status)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: usually a page left open past a new login."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """Browsers and crawlers that ask for /favicon.ico despite the page's icon link."""
    return redirect(static("favicon.ico"), permanent=False)


# When the statement's content below was last checked against the app and its tests.
STATEMENT_REVIEWED_ON = datetime.date(2026, 12, 3)


@require_GET
def accessibility(request):
    """The accessibility statement (tilgængelighedserklæring), open to everyone.

    Danish public bodies publish theirs in Digitaliseringsstyrelsen's WAS-Tool; with
    DJANGO_ACCESSIBILITY_STATEMENT_URL set, every page's footer links there and this page
    points to it. Without, this page is the statement: what the app is tested against, what
    is known not to meet it, and whom to tell.
    """
    context = {
        "statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
        "contact": settings.ACCESSIBILITY_CONTACT,
        "reviewed_on": STATEMENT_REVIEWED_ON,
    }
    return render(request, "accessibility.html", context)


# What the pages a reviewer takes offline load (reviews/offline.py): kept by the service
# worker when it installs, so a page opened once works without a network.
OFFLINE_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "js/busy.js",
    "js/offline.js",
    "js/review.js",
    "js/items.js",
    "js/anchors.js",
    "js/calculator.js",
    "js/notes.js",
    "favicon.svg",
)


@require_GET
def offline_worker(request):
    """The service worker, from the site's root so that it serves the review pages: the
    static files it keeps are named as this deployment names them (hashed in production)."""
    assets = [static(name) for name in OFFLINE_ASSETS]
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    context = {
        "assets": assets,
        "static_cache": f"ipsfidelity-static-{version}",
        "static_prefix": settings.STATIC_URL,
    }
    response = HttpResponse(
        loader.render_to_string("ops/offline-sw.txt", context, request=request),
        content_type="text/javascript; charset=utf-8",
    )
    # The browser checks for a new worker at each page; never an old one from a cache.
    add_never_cache_headers(response)
    return response
