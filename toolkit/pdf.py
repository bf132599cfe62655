"""HTML to PDF with WeasyPrint, as the app makes every PDF (reports, overviews, action plans,
information requests).

WeasyPrint loads resources only through `StaticFilesFetcher`, which serves the project's
own static files from disk and refuses everything else (http, https elsewhere, file://).
With the manifest storage on (production), `{% static %}` names the hashed copies that
`collectstatic` wrote, so the fetcher reads those from STATIC_ROOT. Every PDF is tagged for
PDF/UA by `toolkit.pdftags` as WeasyPrint's finisher.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from toolkit.pdftags import finish_tags

logger = logging.getLogger(__name__)

# A host that can never resolve: relative URLs in the report resolve against it, and the
# fetcher maps its /static/ paths to files on disk.
REPORT_BASE_URL = "https://report.ipsfidelity.invalid/"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class BlockedURL(ValueError):
    pass


class MissingStaticFile(RuntimeError):
    """The report asked for one of the app's own static files and it was not there.

    Raised after rendering rather than letting an unstyled PDF through: a report without
    its stylesheet or font must never be stored or served as if nothing had happened.
    """


def collected_static_path(name: str) -> str | None:
    """The collected file of a hashed static name, when the manifest storage is in use."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if not hashed_files or name not in hashed_files.values():
        return None
    return staticfiles_storage.path(name)


class StaticFilesFetcher(URLFetcher):
    """Serve the project's static files from disk; refuse every other URL.

    `missing` lists the app's own static URLs that could not be found, so the caller can
    refuse the render (`html_to_pdf`); user text never produces a fetch (it is escaped).
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.missing = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        base = urlsplit(REPORT_BASE_URL)
        static = settings.STATIC_URL
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
            static
        ):
            logger.warning("Report rendering blocked a fetch of %s", url)
            raise BlockedURL(url)
        relative = unquote(parts.path[len(static) :])
        try:
            path = collected_static_path(relative) or finders.find(relative)
        except SuspiciousFileOperation:
            path = None
        if not path:
            logger.warning("Report rendering blocked a fetch of %s", url)
            self.missing.append(url)
            raise BlockedURL(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's own work: a second or more for a full report."""
    font_config = FontConfiguration()
    fetcher = StaticFilesFetcher()
    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher)
    pdf = document.write_pdf(font_config=font_config, finisher=finish_tags, **PDF_OPTIONS)
    if fetcher.missing:
        raise MissingStaticFile(", ".join(fetcher.missing))
    return pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """The PDF as a download, never cached by a shared cache."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache"
    return response
