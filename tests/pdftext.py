"""Reading the text of a rendered report back out of the PDF, by page and by table column."""

import io
import re
from itertools import pairwise

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


BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/LBody", "/Lbl", "/TD", "/TH", "/Caption"}
JOIN = "\x00"  # (inside TaggedText) no line break here: the word goes on
INLINE = {"/Span", "/Link", "/Reference", "/Note", "/Code", "/NonStruct", "/Div", "/Quote"}


def _marked_texts(pdf: bytes) -> dict[tuple[int, int], str]:
    """The text drawn in each marked-content sequence: (page index, MCID) -> text.

    A new line inside a sequence, or at its start, is a "\n" (where a reader of the tags
    hears a pause, as its line ends are not drawn as spaces).
    """
    import pdfplumber

    found = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            previous = None
            for char in page.chars:
                if char.get("mcid") is None:
                    continue
                key = (index, char["mcid"])
                text = found.get(key, "")
                if previous is not None and abs(char["top"] - previous["top"]) > 0.5 * char["size"]:
                    text += "\n"
                found[key] = text + char["text"]
                previous = char
    return found


def _read(text: str) -> str:
    """Marked text as a reader hears it: a line end is a word space unless the word goes on."""
    return text.replace(f"{JOIN}\n", "").replace(JOIN, "").replace("\n", " ").strip()


class TaggedText:
    """The text a reader of the tags gets from the PDF's structure tree.

    A block (paragraph, heading, list item, table cell) reads as the text of its marked
    content and its inline children's, joined as they come, with nothing put between them:
    a word space that is not drawn is not there for the reader either. An element's
    /ActualText is read instead of what it draws.
    """

    def __init__(self, pdf: bytes):
        self.reader = PdfReader(io.BytesIO(pdf))
        self.pages = {page.indirect_reference.idnum: i for i, page in enumerate(self.reader.pages)}
        self.marked = _marked_texts(pdf)
        self.root = self.reader.trailer["/Root"]["/StructTreeRoot"]

    def _page(self, node, page):
        if "/Pg" in node:
            return self.pages.get(node.raw_get("/Pg").idnum, page)
        return page

    def _parts(self, node, page, blocks):
        node = node.get_object()
        page = self._page(node, page)
        if "/ActualText" in node:
            # A line broken at a soft hyphen reads without its hyphen, and on into the next.
            drawn = "".join(self._parts_drawn(node, page))
            joined = JOIN if drawn.rstrip()[-1:] in "-\u2010" else ""
            return str(node["/ActualText"]) + joined
        kids = node.get("/K", [])
        parts = []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                parts.append(self.marked.get((page, kid), ""))
                continue
            kid_object = kid.get_object()
            if kid_object.get("/Type") == "/MCR":
                kid_page = self._page(kid_object, page)
                parts.append(self.marked.get((kid_page, kid_object["/MCID"]), ""))
            elif "/S" in kid_object:
                parts.append(self._walk(kid, page, blocks))
        return "".join(parts)

    def _parts_drawn(self, node, page):
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                yield self.marked.get((page, kid), "")

    def _walk(self, node, page, blocks):
        node = node.get_object()
        kind = node.get("/S")
        if kind in BLOCKS:
            text = _read(self._parts(node, page, blocks))
            if text and blocks is not None:
                blocks.append((str(kind), text))
            return ""
        if kind in INLINE:
            return self._parts(node, page, blocks)
        self._parts(node, page, blocks)
        return ""

    def text(self, node, page=None) -> str:
        """The text of one element, as a reader hears it (line ends as spaces)."""
        return _read(self._parts(node, page, None))

    def blocks(self) -> list[tuple[str, str]]:
        found = []
        kids = self.root["/K"]
        for kid in kids if isinstance(kids, list) else [kids]:
            self._walk(kid, None, found)
        return found


def tagged_blocks(pdf: bytes) -> list[tuple[str, str]]:
    """(tag, text) of each block in structure order: see TaggedText."""
    return TaggedText(pdf).blocks()


def joined_words(pdf: bytes) -> list[str]:
    """Words a reader of the tags gets that the page does not show: two visible words run
    together ("kandidateri") where a space was not drawn at a line end or inline boundary.
    (A word that is part of a visible one is no join: "62" of the superscript "62R"; nor is
    a word broken over two lines.)"""
    from tests.pdflayout import HYPHENS, columns, read_pages

    pages = read_pages(pdf)
    visible = {w.text for page in pages for w in page.words}
    # A word broken at a line end is one word ("gen-" "nemsnitligt": "gennemsnitligt").
    for run in columns(pages):
        for line, following in pairwise(run):
            last, first = line.words[-1].text, following.words[0].text
            if last[-1:] in HYPHENS:
                visible |= {last[:-1] + first, last + first}
    found = []
    for _tag, text in tagged_blocks(pdf):
        for word in text.replace("\xad", "").split():
            if word in visible or any(word in v for v in visible):
                continue
            if any(word.startswith(v) and word[len(v) :] in visible for v in visible):
                found.append(word)
    return found
