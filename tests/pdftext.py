"""Reading the text of a rendered report back out of the PDF, by page and by table column."""

import io
import re

from pypdf import PdfReader

MARGIN = 20 / 25.4 * 72  # the 20 mm bottom page margin, in points


def normalize(text: str) -> str:
    """Drop whitespace and hyphens, so words broken over lines compare equal."""
    return re.sub(r"[\s\-‐]+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def table_columns(pdf: bytes) -> dict[str, list[str]]:
    """The overview table's words, column by column, in reading order across all pages.

    Column edges come from the header row repeated on every page the table runs over;
    the table ends at its TOTAL SCORE row.
    """
    from tests.pdflayout import lines, read_pages

    columns = {"ITEM": [], "BEMÆRKNING": [], "ANBEFALING": [], "FØR": [], "SCORE": []}
    for page in read_pages(pdf):
        header = None
        for line in lines(page):
            if line.text == "ITEM":
                row = [other for other in lines(page) if abs(other.top - line.top) < 3]
                header = {cell.text: cell for cell in row if cell.text in columns}
                break
        if not header or "SCORE" not in header:
            continue
        names = sorted(header, key=lambda name: header[name].x0)
        edges = [header[name].x0 - 3 for name in names]
        top = header["ITEM"].bottom + 1
        end = page.height
        for line in lines(page):
            if line.text.startswith("TOTAL SCORE") and line.top > top:
                end = line.bottom + 1
        bottom = min(end, page.height - MARGIN)
        words = [w for w in page.words if top < w.top and w.bottom <= bottom]
        for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
            column = names[0]
            for name, edge in zip(names, edges, strict=True):
                if w.x0 >= edge:
                    column = name
            columns[column].append(w.text)
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
