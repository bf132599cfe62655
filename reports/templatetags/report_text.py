"""User text for the PDF report: paragraphs like `linebreaks`, set for print.

The report hyphenates its user text here rather than in the renderer: the text carries soft
hyphens where a word may break, and the stylesheet says `hyphens: manual`. (Marking words
with inline `<span>`s for the renderer, as this module did before, hits WeasyPrint's line
breaking at inline boundaries, its issue #1614: lines held one word although the next one
fitted, and a tied pair hyphenated into a fragment.)

- Words of 10 letters or more may break with at least 4 letters on each side, where the
  Danish hyphenation dictionary (pyphen's, the one WeasyPrint uses) allows: few enough
  hyphens that no run of hyphenated lines grows long.
- Compounds the dictionary breaks in the wrong place ("ca-seload", "IPS-fideli-tyskalaen")
  break only where their parts meet.
- A paragraph's last word is never hyphenated, so no paragraph ends on a fragment
  ("arbejds-/givere"); in running text it is tied to the word before it with a no-break
  space when the two are short, so no paragraph ends on a line of one short word. A long pair
  is left free: in a narrow column the tie moved two words down and left a half-empty line.
- Item names are neither hyphenated nor tied (a tie made "Mange / forskellige arbejdsgivere").
- A run of characters no dictionary breaks (a pasted address) gets a zero-width space every
  few characters, so it breaks inside its column rather than running off the page.
"""

import re
from functools import cache

import pyphen
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

SOFT_HYPHEN = "\xad"
NO_BREAK_SPACE = "\xa0"
ZERO_WIDTH_SPACE = "\u200b"
DASHES = "-‐‑–—"
# Danish compounds of the IPS vocabulary, split where their parts meet (case-insensitive).
COMPOUNDS = (
    ("fidelity", "skala"),
    ("case", "load"),
    ("karriere", "profil"),
    ("klient", "relateret"),
    ("arbejds", "giver"),
    ("job", "konsulent"),
)
COMPOUND = re.compile("|".join(rf"({re.escape(a)})({b}\w*)" for a, b in COMPOUNDS), re.IGNORECASE)
# After "IPS-" these break only at that hyphen ("IPS-|kandidater", never "IPS-kandi-dater").
AFTER_IPS = ("kandidat", "konsulent", "koordinator")
# Letters, and hyphens between letters ("IPS-konsulenterne").
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SHORTEST_BROKEN = 10  # letters
LEAST_ON_EACH_SIDE = 4  # letters
TIE_LONGEST = 24  # characters of the last two words; longer ones are left free to break
# A stretch without a break opportunity longer than this gets zero-width spaces.
LONGEST_UNBROKEN = 30  # characters: longer than Danish words run, shorter than a column (~35)
UNBROKEN = re.compile(rf"[^\s{SOFT_HYPHEN}{ZERO_WIDTH_SPACE}/-]{{{LONGEST_UNBROKEN + 1},}}")


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="da", left=LEAST_ON_EACH_SIDE, right=LEAST_ON_EACH_SIDE)


def _break_points(word: str) -> str:
    """`word` (letters and hyphens) with soft hyphens where it may break."""
    parts = word.split("-")
    for i, part in enumerate(parts):
        if i and parts[i - 1].upper() == "IPS" and part.lower().startswith(AFTER_IPS):
            continue
        if compound := COMPOUND.fullmatch(part):
            head, tail = (group for group in compound.groups() if group is not None)
            parts[i] = f"{head}{SOFT_HYPHEN}{tail}"
        elif len(part) >= SHORTEST_BROKEN:
            parts[i] = _dictionary().inserted(part, hyphen=SOFT_HYPHEN)
    return "-".join(parts)


def _breakable(text: str) -> str:
    """`text` with a zero-width space every LONGEST_UNBROKEN // 2 characters of any stretch
    longer than LONGEST_UNBROKEN without a break opportunity."""
    step = LONGEST_UNBROKEN // 2

    def split(match):
        run = match.group(0)
        return ZERO_WIDTH_SPACE.join(run[i : i + step] for i in range(0, len(run), step))

    return UNBROKEN.sub(split, text)


def _hyphenated(text: str) -> str:
    return _breakable(WORD.sub(lambda match: _break_points(match.group(0)), text))


def _paragraph(text: str, *, hyphenate=True, tie=True) -> str:
    """One paragraph, escaped, its lines joined with <br>: hyphenated but for its last word,
    and its last two words tied when `tie` and they are short."""
    lines = [line.strip() for line in text.split("\n")]
    set_words = _hyphenated if hyphenate else _breakable
    last_line = lines.pop()
    head, space, last = last_line.rpartition(" ")
    start, gap, before = head.rpartition(" ")
    if not space:
        last_line = _breakable(last_line)
    elif tie and len(before) + len(last) < TIE_LONGEST and before[-1:] not in DASHES:
        # (After a dash the renderer may break before the no-break space, which would then
        # start the next line: "Tea' -| metoden.")
        last_line = f"{set_words(start)}{gap}{before}{NO_BREAK_SPACE}{last}"
    else:
        last_line = f"{set_words(head)} {_breakable(last)}"
    return "<br>".join([*(escape(set_words(line)) for line in lines), escape(last_line)])


@register.filter(is_safe=True)
def report_text(value) -> str:
    """Escaped paragraphs (<p>) of `value`, hyphenated and tied."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value or "").strip()) if p.strip()]
    return mark_safe("".join(f"<p>{_paragraph(p)}</p>" for p in paragraphs))  # noqa: S308


@register.filter(is_safe=True)
def report_line(value) -> str:
    """`value` as one block (lines joined with <br>), hyphenated and tied."""
    return mark_safe(_paragraph(str(value or "").strip()))  # noqa: S308


@register.filter(is_safe=True)
def report_name(value) -> str:
    """An item name, escaped: neither hyphenated nor tied."""
    return mark_safe(_paragraph(str(value or "").strip(), hyphenate=False, tie=False))  # noqa: S308
