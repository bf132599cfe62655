"""What every PDF the app makes must show, read back out of the bytes.

A report that lost its stylesheet still opens and reads, which is how unstyled reports got
stored unnoticed: printed in a fallback font, without "Side X af Y". These checks are the
signature of a styled report, used by the re-render action, the tests and the production
smoke test.
"""

import io
import re

from django.utils.translation import gettext as _
from pypdf import PdfReader

FONT_FAMILY = "Carlito"
PAGE_NUMBER = re.compile(r"Side (\d+) af (\d+)")


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of the fonts used on the pages, without the subset prefix (ABCDEF+)."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")).lstrip("/").split("+")[-1])
    return fonts


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_problems(pdf: bytes) -> list[str]:
    """Why a PDF of the app is not as it should be (empty when it is)."""
    try:
        pages = page_texts(pdf)
    except Exception as exc:  # any parse failure means the file is not a usable PDF
        return [_("The file is not a readable PDF (%(error)s).") % {"error": exc}]
    problems = []
    fonts = embedded_fonts(pdf)
    if not any(font.startswith(FONT_FAMILY) for font in fonts):
        problems.append(
            _("The %(font)s font is not embedded (fonts: %(fonts)s).")
            % {"font": FONT_FAMILY, "fonts": ", ".join(sorted(fonts)) or "–"}
        )
    count = len(pages)
    unnumbered = [
        str(number)
        for number, text in enumerate(pages, start=1)
        if f"Side {number} af {count}" not in text
    ]
    if unnumbered:
        problems.append(
            _("Pages without “Side X af %(count)s”: %(pages)s.")
            % {"count": count, "pages": ", ".join(unnumbered)}
        )
    return problems
