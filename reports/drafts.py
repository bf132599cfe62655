"""Draft reports: a cache of rendered drafts and a bound on renders per person.

(The worker fills the same cache ahead of time: `reports/prerender.py`.)

A draft's PDF costs WeasyPrint seconds, and nothing changes it but the review's content, so
the PDF is kept in the shared cache (a table in the database, so every app server sees it)
under the SHA-256 of the rendered HTML (less the render time in its metadata; a cached draft
keeps the time it was first rendered) and of the renderer: WeasyPrint's version and the
static files' manifest, so a new release or stylesheet never serves an old layout. Any edit
changes the HTML and so the key; an unchanged draft asked for again is served at once.

A person renders one report at a time: while one render of theirs runs, another request of
theirs answers 429 with Retry-After (`RenderBusy`) instead of holding a second worker.
"""

import hashlib
import json
import logging
import re
from functools import cache as memoise

import weasyprint
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache

from reports import pdf as rendering
from toolkit import pdf as engine

logger = logging.getLogger(__name__)

DRAFT_TIMEOUT = 24 * 60 * 60
# Longer than gunicorn's 60 s timeout: a worker killed mid-render frees the lock by then.
RENDER_LOCK_TIMEOUT = 90
RETRY_AFTER_SECONDS = 10


class RenderBusy(Exception):
    """The person already has a report rendering; ask again in RETRY_AFTER_SECONDS."""


@memoise
def _manifest_fingerprint() -> str:
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if hashed_files:
        return hashlib.sha256(json.dumps(sorted(hashed_files.items())).encode()).hexdigest()
    return ""


def _static_files_fingerprint() -> str:
    """Without the manifest (development, tests): the report's own files' sizes and times."""
    digest = hashlib.sha256()
    for directory in settings.STATICFILES_DIRS:
        for folder in ("css", "fonts", "img"):
            for path in sorted((directory / folder).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def renderer_fingerprint() -> str:
    static = _manifest_fingerprint() or _static_files_fingerprint()
    return f"weasyprint-{weasyprint.__version__}:{static}"


# A draft's metadata says when it was rendered; the time is no part of its content.
RENDER_TIME = re.compile(r'(<meta name="dcterms\.(?:created|modified)" content=)"[^"]*"')


def content_key(html: str) -> str:
    """The cache key of the PDF of this report HTML (a draft's, or one rendered ahead)."""
    digest = hashlib.sha256(renderer_fingerprint().encode())
    digest.update(b"\0")
    digest.update(RENDER_TIME.sub(r'\1""', html).encode())
    return f"report-pdf:{digest.hexdigest()}"


def render_lock_key(user) -> str:
    return f"render-lock:{user.pk}"


def report_pdf_for(review, *, user) -> bytes:
    """The review's report rendered now (a draft from the cache when unchanged).

    Raises RenderBusy when `user` has another render running; rendering errors propagate.
    """
    review = rendering.report_queryset().get(pk=review.pk)
    html = rendering.render_report_html(review)
    key = content_key(html) if not review.is_finalized else None
    if key and (pdf := cache.get(key)) is not None:
        return pdf
    lock = render_lock_key(user)
    if not cache.add(lock, 1, timeout=RENDER_LOCK_TIMEOUT):
        raise RenderBusy
    try:
        pdf = engine.html_to_pdf(html)
    finally:
        cache.delete(lock)
    if key:
        cache.set(key, pdf, timeout=DRAFT_TIMEOUT)
    return pdf
