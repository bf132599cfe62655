"""User text for the PDF report: paragraphs like `linebreaks`, set for print.

- The last two words of a paragraph are tied with a no-break space, so no paragraph ends on
  a line of one word (unless the two words alone are longer than a line).
- Compounds the hyphenation dictionary breaks in the wrong place ("ca-seload",
  "IPS-fideli-tyskalaen") may break only where their parts meet.
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

SOFT_HYPHEN = "\xad"
# Danish compounds of the IPS vocabulary, split where their parts meet (case-insensitive).
COMPOUNDS = (
    ("fidelity", "skala"),
    ("case", "load"),
    ("karriere", "profil"),
    ("klient", "relateret"),
    ("arbejds", "giver"),
    ("job", "konsulent"),
    ("IPS-", "kandidat"),
    ("IPS-", "konsulent"),
    ("IPS-", "koordinator"),
)
COMPOUND = re.compile(
    "|".join(rf"(?P<w{i}>{re.escape(a)}{b}\w*)" for i, (a, b) in enumerate(COMPOUNDS)),
    re.IGNORECASE,
)
TIE_LONGEST = 28  # characters of the last two words; longer ones are left free to break


def _compound(match) -> str:
    word = match.group(0)
    for first, _second in COMPOUNDS:
        if word.lower().startswith(first.lower()):
            head, tail = word[: len(first)], word[len(first) :]
            if head.endswith("-"):
                # "IPS-kandidater": break after the hyphen, never inside "kandidater".
                return f'<span class="compound">{head}{tail}</span>'
            return f'<span class="compound">{head}{SOFT_HYPHEN}{tail}</span>'
    return word


def _paragraph(text: str, *, compounds=True) -> str:
    lines = [escape(line.strip()) for line in text.split("\n")]
    html = "<br>".join(lines)
    mark = (lambda part: COMPOUND.sub(_compound, part)) if compounds else (lambda part: part)
    head, space, last = html.rpartition(" ")
    start, _, before = head.rpartition(" ")
    if space and "<br>" not in f"{before}{last}" and len(before) + len(last) < TIE_LONGEST:
        # Neither word is hyphenated either: a hyphenated last word would leave its tail
        # alone on the last line just the same.
        tied = mark(f"{before}\xa0{last}")
        return f'{mark(start)} <span class="tie">{tied}</span>'.lstrip()
    return mark(html)


@register.filter(is_safe=True)
def report_text(value) -> str:
    """Escaped paragraphs (<p>) of `value`, tied and with compounds marked."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value or "").strip()) if p.strip()]
    return mark_safe("".join(f"<p>{_paragraph(p)}</p>" for p in paragraphs))  # noqa: S308


@register.filter(is_safe=True)
def report_line(value) -> str:
    """`value` as one block (lines joined with <br>), tied and with compounds marked."""
    return mark_safe(_paragraph(str(value or "").strip()))  # noqa: S308


@register.filter(is_safe=True)
def report_name(value) -> str:
    """An item name: never hyphenated, its last two words tied."""
    return mark_safe(_paragraph(str(value or "").strip(), compounds=False))  # noqa: S308
