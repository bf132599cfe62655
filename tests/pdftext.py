"""Reading the text of a rendered report back out of the PDF, by page and by table column."""

import io
import re

from pypdf import PdfReader

HEADERS = ("BEMÆRKNING", "ANBEFALING", "SCORE")
MARGIN = 20 / 25.4 * 72  # the 20 mm bottom page margin, in points


def normalize(text: str) -> str:
    """Drop whitespace and hyphens, so words broken over lines compare equal."""
    return re.sub(r"[\s\-‐]+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _fragments(page):
    fragments = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[4] + tm[4] * cm[0]
            y = cm[5] + tm[5] * cm[3]
            fragments.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return fragments


def table_columns(pdf: bytes) -> dict[str, list[str]]:
    """The overview table's cells, column by column, in reading order across all pages.

    Column edges come from the header row WeasyPrint repeats on every page.
    """
    columns = {"ITEM": [], "BEMÆRKNING": [], "ANBEFALING": [], "SCORE": []}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fragments = _fragments(page)
        header = {text: (x, y) for x, y, text in fragments if text in HEADERS}
        if len(header) < len(HEADERS):
            continue
        edges = [header[name][0] - 3 for name in HEADERS]
        top = min(y for _, y in header.values())
        # The page margins (page number, running title) hold no table text.
        body = sorted(
            (f for f in fragments if MARGIN < f[1] < top - 1), key=lambda f: (-f[1], f[0])
        )
        for x, _, text in body:
            if x < edges[0]:
                columns["ITEM"].append(text)
            elif x < edges[1]:
                columns["BEMÆRKNING"].append(text)
            elif x < edges[2]:
                columns["ANBEFALING"].append(text)
            else:
                columns["SCORE"].append(text)
    return columns


def structure_types(pdf: bytes) -> set[str]:
    """The tag names (/S) used in the PDF's structure tree (PDF/UA tagging)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    seen = set()
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "/S" in node:
                found.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            stack.extend(node)
    return found
