"""Finishing WeasyPrint's PDF/UA tagging: pagination as artifacts, one element per element.

WeasyPrint 70 builds the structure tree page by page. Three things follow that a reader of
the tags (a screen reader, a PDF/UA checker) notices:

- text in the page-margin boxes (running header, "Side x af y") is marked as content but
  hangs from no node of the tree; here it becomes a /Pagination artifact;
- an element that runs over several pages (the overview table, a list, a section) becomes
  one structure element per page; here the parts are joined into the first, so the overview
  table is one /Table with one /THead;
- the header row the table repeats on each page is tagged again on every page; here the
  repeats become artifacts and the data cells point at the one real header row;
- header cells carry no /Scope, so a reader cannot tell a column header from a row header;
  here each /TH gets the scope its HTML `scope` attribute gives (column headers otherwise);
- a row that heads a group of rows (a section of the report's table, a cluster of the
  overview) is a header cell that applies to the rows below it, which the tags cannot say by
  scope; here every cell of the rows that follow in its row group (<tbody>) names it among
  its /Headers, so a reader inside a cell hears the section. (The row also holds an empty
  data cell, so checkers do not take it for a header row of the table: outloud's TBL-010.)
- whitespace the layout collapsed leaves empty /Span elements; here they are removed;
- text shown short on paper ("57 R") has no way to say what it stands for; here an element
  with a `data-actual-text` attribute gets it as its /ActualText, which a reader of the tags
  gets (and a copy takes) instead of what is drawn: "57 – Rimelig IPS implementering";
- a hyphen the renderer inserted at a line end (at a soft hyphen) reads and copies as part of
  the word ("gen-" "nemsnitligt"); here the line's /Span gets its text without the hyphen as
  /ActualText, so the word reads and copies whole: "gennemsnitligt".

It runs as WeasyPrint's `finisher` (the documented hook for changing the PDF before it is
written). Knowing which HTML element a structure element came from needs one thing that
WeasyPrint does not keep: `_record_elements` notes it while the tree is built.
"""

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasy_tags

_build_box_tree = weasy_tags._build_box_tree


def _record_elements(box, parent, pdf, page_number, nums, annotations, tags):
    # The innermost call sees the box an element was made for; outer calls only pass on
    # their children's elements (html, body, the page), so the first note is the right one.
    source = getattr(box, "_box", box)
    # The text of each line the box draws, by (page, MCID): WeasyPrint tags a line's text
    # box as a /Span of its own, made without a call of its own.
    lines = pdf.__dict__.setdefault("line_texts", {})
    for child in getattr(source, "children", ()):
        for text_box in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(text_box, boxes.TextBox) and text_box in tags:
                lines[(page_number, tags[text_box]["mcid"])] = text_box.text
    for element in _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        if not hasattr(element, "html_element"):
            element.html_element = source.element
            element.html_tag = source.element_tag
        yield element


weasy_tags._build_box_tree = _record_elements


class _Tree:
    def __init__(self, pdf):
        self.pdf = pdf
        root = pdf.catalog["StructTreeRoot"]
        self.root = self.get(root)
        self.nums = self.get(self.root["ParentTree"])["Nums"]
        self.pages = [self.get(ref) for ref in pdf.page_references]

    def get(self, reference):
        if isinstance(reference, pydyf.Object):
            return reference
        return self.pdf.objects[int(reference.split()[0])]

    def page_index(self, element) -> int:
        return self.pdf.page_references.index(element["Pg"])

    def parent_tree(self, page_index) -> pydyf.Array:
        position = self.nums.index(page_index, 0)
        while position % 2:  # a number in an array, not a key
            position = self.nums.index(page_index, position + 1)
        return self.nums[position + 1]

    def reachable(self) -> set[int]:
        seen, stack = set(), list(self.root["K"])
        while stack:
            element = self.get(stack.pop())
            if element.number in seen or not isinstance(element, pydyf.Dictionary):
                continue
            seen.add(element.number)
            stack.extend(kid for kid in element.get("K", ()) if isinstance(kid, bytes))
        return seen

    def marked_ids(self, element) -> list[tuple[int, int]]:
        """(page index, MCID) of all content under `element`."""
        found = []
        for kid in element.get("K", ()):
            if isinstance(kid, int):
                found.append((self.page_index(element), kid))
            elif isinstance(kid, bytes):
                child = self.get(kid)
                if child.get("Type") == "/StructElem":
                    found.extend(self.marked_ids(child))
        return found

    def elements(self, element):
        yield element
        for kid in element.get("K", ()):
            if isinstance(kid, bytes):
                child = self.get(kid)
                if child.get("Type") == "/StructElem":
                    yield from self.elements(child)


def _make_artifacts(tree, marked):
    """Turn the marked content (page index, MCID) into pagination artifacts."""
    by_page = {}
    for page_index, mcid in marked:
        by_page.setdefault(page_index, set()).add(mcid)
    for page_index, mcids in by_page.items():
        stream = tree.get(tree.pages[page_index]["Contents"])
        operations = stream.stream
        for i, operation in enumerate(operations):
            if (
                isinstance(operation, pydyf.Dictionary)
                and operation.get("MCID") in mcids
                and i + 1 < len(operations)
                and operations[i + 1] == b"BDC"
            ):
                operations[i - 1] = "/Artifact"
                operations[i] = pydyf.Dictionary({"Type": "/Pagination"})
        parent_tree = tree.parent_tree(page_index)
        for mcid in mcids:
            if mcid < len(parent_tree):
                parent_tree[mcid] = b"null"


def _join_parts(tree, reachable):
    """Join the per-page parts of an element into its first part; repeated table heads
    become artifacts."""
    latest = {}
    first_header = {}
    header_ids = {}
    artifacts = []
    dropped = set()
    for element in list(tree.pdf.objects):
        if (
            not isinstance(element, pydyf.Dictionary)
            or element.get("Type") != "/StructElem"
            or element.number not in reachable
            or element.number in dropped
            or getattr(element, "html_element", None) is None
        ):
            continue
        if element["S"] == "/TH" and "ID" in element:
            first_header.setdefault(id(element.html_element), element)
        key = (id(element.html_element), element["S"])
        earlier = latest.get(key)
        if earlier is None or earlier["Pg"] == element["Pg"]:
            latest[key] = element
            continue
        parent = tree.get(element["P"])
        if element.reference in parent["K"]:
            parent["K"].remove(element.reference)
        if element["S"] == "/THead":
            # The header row repeated on a later page: shown for the reader of the paper,
            # not a second header for the reader of the tags.
            artifacts.extend(tree.marked_ids(element))
            for cell in tree.elements(element):
                dropped.add(cell.number)
                first = first_header.get(id(getattr(cell, "html_element", None)))
                if "ID" in cell and first is not None and first is not cell:
                    header_ids[cell["ID"].string] = first["ID"]
            continue
        page_index = tree.page_index(element)
        parent_tree = tree.parent_tree(page_index)
        for kid in element["K"]:
            if isinstance(kid, int):
                earlier["K"].append(
                    pydyf.Dictionary({"Type": "/MCR", "Pg": element["Pg"], "MCID": kid})
                )
                parent_tree[kid] = earlier.reference
                continue
            child = tree.get(kid)
            if child.get("Type") == "/StructElem":
                child["P"] = earlier.reference
            earlier["K"].append(kid)
        if "ID" in element and "ID" in earlier:
            header_ids[element["ID"].string] = earlier["ID"]
    for element in tree.pdf.objects:
        attributes = element.get("A") if isinstance(element, pydyf.Dictionary) else None
        if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
            headers = []
            for header in attributes["Headers"]:
                header = header_ids.get(header.string, header)
                if header.string not in {h.string for h in headers}:
                    headers.append(header)
            attributes["Headers"] = pydyf.Array(headers)
    return artifacts


SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _table_attributes(element) -> pydyf.Dictionary:
    """The element's attribute dictionary owned by /Table, made if it has none."""
    existing = element.get("A")
    others = existing if isinstance(existing, pydyf.Array) else [existing]
    for attributes in others:
        if isinstance(attributes, pydyf.Dictionary) and attributes.get("O") == "/Table":
            return attributes
    table_attributes = pydyf.Dictionary({"O": "/Table"})
    element["A"] = (
        table_attributes if existing is None else pydyf.Array([*others, table_attributes])
    )
    return table_attributes


def _add_scopes(pdf):
    for element in pdf.objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/TH":
            continue
        html = getattr(element, "html_element", None)
        scope = SCOPES.get(html.get("scope", "col") if html is not None else "col", "/Column")
        _table_attributes(element)["Scope"] = scope


def _group_headers(tree):
    """Point the cells of the rows under a `scope="rowgroup"` header cell, to the end of its
    row group (its <tbody>), at it."""
    for body in tree.pdf.objects:
        if not isinstance(body, pydyf.Dictionary) or body.get("S") != "/TBody":
            continue
        group = None
        for kid in body.get("K", ()):
            row = tree.get(kid) if isinstance(kid, bytes) else None
            if row is None or row.get("S") != "/TR":
                continue
            cells = [tree.get(kid) for kid in row.get("K", ()) if isinstance(kid, bytes)]
            cells = [cell for cell in cells if cell.get("S") in ("/TH", "/TD")]
            html = getattr(cells[0], "html_element", None) if cells else None
            if html is not None and cells[0]["S"] == "/TH" and html.get("scope") == "rowgroup":
                group = cells[0] if "ID" in cells[0] else None
                continue
            if group is not None:
                for cell in cells:
                    _add_header(cell, group["ID"])


def _add_header(cell, header_id):
    attributes = _table_attributes(cell)
    headers = attributes.get("Headers") or pydyf.Array()
    if header_id.string not in {h.string for h in headers}:
        headers.append(header_id)
    attributes["Headers"] = pydyf.Array(headers)


def _drop_empty_spans(tree):
    """A /Span with no content (whitespace the layout collapsed) is removed from its parent."""
    for element in tree.pdf.objects:
        if (
            isinstance(element, pydyf.Dictionary)
            and element.get("S") == "/Span"
            and not element.get("K")
            and "ActualText" not in element
            and "Alt" not in element
            and "P" in element
        ):
            parent = tree.get(element["P"])
            if element.reference in parent.get("K", ()):
                parent["K"].remove(element.reference)


SOFT_HYPHEN = "\xad"
HYPHENATE_CHARACTERS = ("-", "\u2010")


def _line_text(pdf, element) -> str:
    """The text of the line a /Span of one MCID draws ("" for any other element)."""
    kids = element.get("K")
    if element.get("S") != "/Span" or not kids or len(kids) != 1 or not isinstance(kids[0], int):
        return ""
    page = pdf.page_references.index(element["Pg"])
    return pdf.__dict__.get("line_texts", {}).get((page, kids[0]), "")


def _hyphenated(line: str) -> bool:
    return line[-2:-1] == SOFT_HYPHEN and line[-1:] in HYPHENATE_CHARACTERS


def _add_actual_texts(pdf):
    for element in pdf.objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        html = getattr(element, "html_element", None)
        text = html.get("data-actual-text") if html is not None else None
        if text:
            element["ActualText"] = pydyf.String(text)
        # A line the renderer broke at a soft hyphen: its hyphen is no part of the word. It
        # reads without it, after a word space unless the line before was broken so too
        # (the space at a line end is not drawn, so a reader of the tags would not get it).
        word_goes_on = True
        for kid in element.get("K", ()):
            span = pdf.objects[int(kid.split()[0])] if isinstance(kid, bytes) else None
            line = _line_text(pdf, span) if isinstance(span, pydyf.Dictionary) else ""
            if _hyphenated(line):
                space = "" if word_goes_on else " "
                span["ActualText"] = pydyf.String(space + line[:-1].replace(SOFT_HYPHEN, ""))
            word_goes_on = _hyphenated(line)


def finish_tags(document, pdf):
    """WeasyPrint finisher: see the module docstring. Does nothing to an untagged PDF."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _Tree(pdf)
    reachable = tree.reachable()
    orphans = []
    for page_index in range(len(tree.pages)):
        for mcid, reference in enumerate(tree.parent_tree(page_index)):
            if (
                isinstance(reference, bytes)
                and reference != b"null"
                and tree.get(reference).number not in reachable
            ):
                orphans.append((page_index, mcid))
    _make_artifacts(tree, orphans)
    _make_artifacts(tree, _join_parts(tree, reachable))
    _add_scopes(pdf)
    _group_headers(tree)
    _add_actual_texts(pdf)
    _drop_empty_spans(tree)
