"""Where the words of a rendered PDF stand: margins, lines, hyphenation and paragraph ends.

Word boxes come from pdfplumber (pdfminer.six); lengths are in PDF points, y grows downwards
from the top of the page. Used by the report tests and by `bench/report_layout.py`, so the
numbers before and after a change are measured the same way.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

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
    """Words broken across a page: a line ending in a hyphen with no line under it on its page.

    "Under it" is the next line of the same block: it starts within a line's height below and
    overlaps it sideways (a list item's first line stands left of the lines that follow it).
    """
    broken = []
    for page in pages[:-1]:
        # The text block ends 20 mm above the bottom edge; below it stands "Side x af y".
        body = [line for line in lines(page) if line.top < page.height - 20 * MM]
        for line in body:
            last = line.words[-1].text
            if last[-1:] not in HYPHENS or len(last) < 2:
                continue
            height = line.bottom - line.top
            if not any(
                0 <= other.top - line.bottom < height and other.x0 < line.x1 and other.x1 > line.x0
                for other in body
            ):
                broken.append(f"page {page.number}: {last}")
    return broken


SPACE_WIDTH = 3.0  # a word space at the report's 10–10.5 pt, with room to spare


@dataclass
class LineBreaks:
    """Lines that break where a typesetter would not."""

    lonely: list[str]  # one word on a line although the next word fits after it
    fragments: list[str]  # a paragraph's last line is the tail of a word the renderer broke
    leading_spaces: list[str]  # a line that starts with a visible space


def line_breaks(pages: list[Page], source: str) -> LineBreaks:
    """Line-breaking faults, from the word boxes.

    A column's width is taken as its widest line, so a run must have another, longer line for
    a lonely word to be seen; the first word of the next line "fits" when it and a space end
    before that edge. A break at a hyphen of the `source` text ("IPS-|metoden.") is no
    fragment.
    """
    known = vocabulary(source)
    lonely, fragments = [], []
    for run in columns(pages):
        right = max(line.x1 for line in run)
        for line, following in pairwise(run):
            if len(line.words) == 1:
                word = following.words[0]
                if line.x1 + SPACE_WIDTH + (word.x1 - word.x0) <= right:
                    lonely.append(f"page {line.page}: {line.text} | {following.text}")
        if len(run) >= 2 and len(run[-1].words) == 1:
            above = run[-2].words[-1].text
            real = f"{_word_key(above[:-1])}-{_word_key(run[-1].text)}" in known
            if above[-1:] in HYPHENS and len(above) > 1 and not real:
                fragments.append(f"page {run[-1].page}: {above}{run[-1].text}")
    return LineBreaks(lonely, fragments, leading_spaces(pages))


def leading_spaces(pages: list[Page]) -> list[str]:
    """Lines that start a space's width right of a left edge three or more lines share.

    A space drawn at the start of a line (a no-break space after a break at a hyphen) is no
    word of its own in the word boxes; it shows as the line standing in from its column.
    """
    found = []
    for page in pages:
        page_lines = lines(page)
        lefts = Counter(round(line.x0) for line in page_lines)
        edges = [x for x, count in lefts.items() if count >= 3]
        for line in page_lines:
            first = line.words[0].text
            # Right-aligned figures ("25", "–") stand anywhere; words start at their edge.
            if round(line.x0) in edges or len(first) < 2 or not first[0].isalpha():
                continue
            if any(1.0 < line.x0 - edge < SPACE_WIDTH + 1.0 for edge in edges):
                found.append(f"page {page.number}: {line.text[:40]}")
    return found
