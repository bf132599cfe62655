"""Scoring rules of a fidelity scale, free of the database so they can be tested exhaustively.

A band is anything with `min_total` and `max_total`; scores are whole numbers in SCORES.
"""

from collections.abc import Sequence
from itertools import pairwise

from django.utils.translation import gettext as _

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
# The scores an item can have, in order: forms, pages, constraints and checks use these.
SCORES = range(LOWEST_SCORE, HIGHEST_SCORE + 1)
SCORE_CHOICES = [(score, str(score)) for score in SCORES]


class TotalOutOfRange(ValueError):
    """A total that no band of the scale can hold: a bug or bad data, never 'no band'."""


def total_range(item_count: int) -> tuple[int, int]:
    return item_count * LOWEST_SCORE, item_count * HIGHEST_SCORE


def is_complete(scored: int, item_count: int) -> bool:
    """Every item has a score: only then is a total final and has a band."""
    return item_count > 0 and scored == item_count


def score_range_label() -> str:
    """1–5, as the pages and messages write the range."""
    return f"{LOWEST_SCORE}–{HIGHEST_SCORE}"


def score_range_error() -> str:
    return _("The score must be a whole number from %(lowest)s to %(highest)s.") % {
        "lowest": LOWEST_SCORE,
        "highest": HIGHEST_SCORE,
    }


def band_for_total(bands: Sequence, total: int):
    """The one band holding `total`; raises TotalOutOfRange when there is none."""
    matches = [band for band in bands if band.min_total <= total <= band.max_total]
    if len(matches) != 1:
        raise TotalOutOfRange(f"total {total} falls in {len(matches)} bands")
    return matches[0]


def band_coverage_errors(bands: Sequence, lowest: int, highest: int) -> list[str]:
    """Why the bands fail to cover lowest..highest exactly once each (empty when they do)."""
    errors = []
    ordered = sorted(bands, key=lambda band: (band.min_total, band.max_total))
    for band in ordered:
        if band.min_total > band.max_total:
            errors.append(
                _("The band %(label)s starts at %(min)s, after its end %(max)s.")
                % {"label": band.label, "min": band.min_total, "max": band.max_total}
            )
    if errors:
        return errors
    if not ordered:
        return [_("The scale has no bands.")]
    if ordered[0].min_total != lowest:
        errors.append(
            _("The lowest band must start at the lowest possible total %(lowest)s.")
            % {"lowest": lowest}
        )
    if ordered[-1].max_total != highest:
        errors.append(
            _("The highest band must end at the highest possible total %(highest)s.")
            % {"highest": highest}
        )
    for before, after in pairwise(ordered):
        if after.min_total <= before.max_total:
            errors.append(
                _("The bands %(a)s and %(b)s overlap.") % {"a": before.label, "b": after.label}
            )
        elif after.min_total > before.max_total + 1:
            errors.append(
                _("No band covers the totals %(start)s–%(end)s.")
                % {"start": before.max_total + 1, "end": after.min_total - 1}
            )
    return errors
