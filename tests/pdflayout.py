"""Where the words of a rendered PDF stand: margins, lines, hyphenation and paragraph ends.

Word boxes come from pdfplumber (pdfminer.six); lengths are in PDF points, y grows downwards
from the top of the page. Used by the report tests and by `bench/report_layout.py`, so the
numbers before and after a change are measured the same way.
"""

import io
import re
from dataclasses import dataclass, field

import pdfplumber

MM = 72 / 25.4
HYPHENS = "-‐\xad"
# Text on the same baseline further apart than this belongs to different table cells.
CELL_GAP = 7.0


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Line:
    """Words on one baseline that stand next to each other (one line of one cell or block)."""

    page: int
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def read_pages(pdf: bytes) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            found = Page(number, float(page.width), float(page.height))
            for w in page.extract_words(use_text_flow=False, x_tolerance=1.5):
                found.words.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]))
            pages.append(found)
    return pages


def words_outside(
    pages: list[Page], *, left, right, top, bottom, margin_text=()
) -> list[tuple[int, str, float]]:
    """Words standing outside the text block (margins in mm): (page, word, how far in mm).

    Lines matching one of the `margin_text` patterns (the running header, "Side x af y") may
    stand in the top or bottom margin, but not in the left or right one.
    """
    outside = []
    for page in pages:
        box = (left * MM, top * MM, page.width - right * MM, page.height - bottom * MM)
        allowed = set()
        for line in lines(page):
            if any(re.fullmatch(pattern, line.text) for pattern in margin_text):
                allowed.update(id(w) for w in line.words)
        for w in page.words:
            across = max(box[0] - w.x0, w.x1 - box[2], 0)
            down = 0 if id(w) in allowed else max(box[1] - w.top, w.bottom - box[3], 0)
            over = max(across, down)
            if over > 0.5:
                outside.append((page.number, w.text, round(over / MM, 1)))
    return outside


def lines(page: Page) -> list[Line]:
    """The page's words grouped into lines, each cell of a table row apart."""
    rows = {}
    for w in sorted(page.words, key=lambda w: (round(w.bottom), w.x0)):
        rows.setdefault(round(w.bottom), []).append(w)
    found = []
    for row in rows.values():
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for w in row[1:]:
            if w.x0 - current[-1].x1 > CELL_GAP:
                found.append(Line(page.number, current))
                current = [w]
            else:
                current.append(w)
        found.append(Line(page.number, current))
    return found


def columns(pages: list[Page]) -> list[list[Line]]:
    """Runs of lines in one column (same left edge), in reading order, page after page.

    Lines of a run follow each other at line spacing; a larger gap ends the run, so a run is
    one paragraph (or one list item, one cell paragraph).
    """
    runs = []
    for page in pages:
        by_left = {}
        for line in lines(page):
            by_left.setdefault(round(line.x0), []).append(line)
        for column in by_left.values():
            column.sort(key=lambda line: line.top)
            run = [column[0]]
            for line in column[1:]:
                height = run[-1].bottom - run[-1].top
                if line.top - run[-1].bottom > 0.6 * height:
                    runs.append(run)
                    run = [line]
                else:
                    run.append(line)
            runs.append(run)
    return runs


def _word_key(text: str) -> str:
    return re.sub(r"[^\wæøåÆØÅ-]", "", text).lower()


def vocabulary(text: str) -> set[str]:
    """The words of the source text, lower case, hyphens kept (for telling inserted hyphens)."""
    return {_word_key(w) for w in text.split()}


@dataclass
class Hyphenation:
    inserted: list[str]
    longest_run: int
    one_word_last_lines: list[str]


def hyphenation(pages: list[Page], source: str) -> Hyphenation:
    """Hyphens the renderer inserted, the longest run of hyphenated lines, one-word last lines.

    A line ending in a hyphen is an inserted hyphen when the source has the word whole, and a
    break at a real hyphen when the source has it with the hyphen ("IPS-|konsulent").
    """
    known = vocabulary(source)
    joined_known = {w.replace("-", "") for w in known}
    inserted, longest, lonely = [], 0, []
    for run in columns(pages):
        current = 0
        for line, following in zip(run, [*run[1:], None], strict=True):
            last = line.words[-1].text
            if following is not None and last[-1:] in HYPHENS and len(last) > 1:
                head = _word_key(last[:-1])
                tail = _word_key(following.words[0].text)
                whole = head + tail
                if f"{head}-{tail}" in known:
                    current = 0
                    continue
                if whole in known or whole.replace("-", "") in joined_known:
                    inserted.append(f"{last}{following.words[0].text}")
                    current += 1
                    longest = max(longest, current)
                    continue
            current = 0
        if (
            len(run) >= 2
            and len(run[-1].words) == 1
            and run[-1].x1 - run[-1].x0 < 0.5 * (run[-2].x1 - run[-2].x0)
        ):
            lonely.append(run[-1].text)
    return Hyphenation(inserted, longest, lonely)


def page_break_hyphens(pages: list[Page]) -> list[str]:
    """Words broken across a page: the last line of a column on a page ends in a hyphen."""
    broken = []
    for page in pages[:-1]:
        page_lines = lines(page)
        body = [line for line in page_lines if line.bottom < page.height - 22 * MM]
        by_left = {}
        for line in body:
            by_left.setdefault(round(line.x0), []).append(line)
        for column in by_left.values():
            last = max(column, key=lambda line: line.bottom).words[-1].text
            if last[-1:] in HYPHENS and len(last) > 1:
                broken.append(f"page {page.number}: {last}")
    return broken
