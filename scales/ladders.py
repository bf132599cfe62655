"""Calculators for the numeric items: which anchor an observed figure points to.

Where an item's anchors state a ladder of numbers (caseload 20 / 25 / 30 / 40, days to the
first employer contact 30 / 60 / 150 / 270 …), the scale version holds it as a `Ladder`: the
observed quantity, its unit, whether one figure per IPS-konsulent is entered and averaged,
and for each of the scores 2–5 the figure that reaches it — at least that much when more is
better, at most that much when less is better. Score 1 is every other figure.

The figure (or the mean of the figures per konsulent) is compared as it is, not rounded:
a figure between two anchors' written ranges (a caseload of 20.5 between "20 or fewer" and
"21–25") points to the lower score, since the better score needs its written bound reached.
The reviewer still chooses the score; the calculator only points.

Free of the database: a ladder is anything with `direction`, `per_consultant`, `unit` and
`score_2` … `score_5`. `static/js/calculator.js` mirrors `suggest` for the live display.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

AT_LEAST = "at_least"
AT_MOST = "at_most"
SCORES = (2, 3, 4, 5)
MAX_FIGURES = 40
MAX_VALUE = Decimal(100_000)
SEPARATORS = re.compile(r"[;\s]+")


def thresholds(ladder) -> list[tuple[int, Decimal]]:
    """(score, figure that reaches it) for the scores 2–5."""
    return [(score, Decimal(getattr(ladder, f"score_{score}"))) for score in SCORES]


def order_errors(direction, values) -> list[str]:
    """Why thresholds for the scores 2–5 do not make a ladder (empty when they do)."""
    if direction not in (AT_LEAST, AT_MOST):
        return [_("Choose whether a higher or a lower figure scores higher.")]
    if any(value is None for value in values):
        return [_("Give the figure for each of the scores 2–5.")]
    if any(value < 0 for value in values):
        return [_("The figures cannot be negative.")]
    pairs = list(pairwise(values))
    rising = all(a < b for a, b in pairs)
    falling = all(a > b for a, b in pairs)
    if direction == AT_LEAST and not rising:
        return [_("When a higher figure scores higher, each score needs a higher figure.")]
    if direction == AT_MOST and not falling:
        return [_("When a lower figure scores higher, each score needs a lower figure.")]
    return []


def is_percent(ladder) -> bool:
    return ladder.unit.strip() == "%"


def parse_figures(text: str) -> list[Decimal]:
    """'18; 22,5 25' → [18, 22.5, 25]: figures separated by semicolons, spaces or lines,
    a decimal comma or point. Raises a Danish ValidationError for anything else."""
    figures = []
    for token in SEPARATORS.split((text or "").strip()):
        if not token:
            continue
        shown = token if len(token) <= 20 else token[:20] + "…"
        try:
            value = Decimal(token.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(
                _("“%(text)s” is not a number. Separate the figures with semicolons.")
                % {"text": shown}
            ) from None
        if not value.is_finite() or value < 0 or value > MAX_VALUE:
            raise ValidationError(
                _("“%(text)s” must be a number from 0 to 100000.") % {"text": shown}
            )
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("Use at most two decimals."))
        figures.append(value.normalize() if value == value.to_integral() else value)
    if len(figures) > MAX_FIGURES:
        raise ValidationError(_("At most %(n)s figures.") % {"n": MAX_FIGURES})
    return figures


def figure_errors(ladder, figures) -> list[str]:
    """What the item's ladder says against the figures (empty when they fit it)."""
    errors = []
    if ladder is None:
        if figures:
            errors.append(_("This item has no calculator."))
        return errors
    if len(figures) > 1 and not ladder.per_consultant:
        errors.append(_("Enter one figure for this item."))
    if is_percent(ladder) and any(value > 100 for value in figures):
        errors.append(_("A share cannot be more than 100 %."))
    return errors


def format_number(value: Decimal) -> str:
    """22.5 → '22,5', 20 → '20' (the Danish decimal comma)."""
    return format(value.normalize(), "f").replace(".", ",")


def format_figures(figures) -> str:
    return "; ".join(format_number(Decimal(str(value))) for value in figures)


def to_json(figures) -> list:
    """Figures as JSON numbers (whole numbers as ints)."""
    return [int(v) if v == v.to_integral() else float(v) for v in figures]


def from_json(values) -> list[Decimal]:
    return [Decimal(str(value)) for value in values or []]


@dataclass(frozen=True)
class Suggestion:
    value: Decimal  # the figure, or the mean of the figures per konsulent
    count: int
    score: int

    @property
    def value_display(self) -> str:
        return format_number(self.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def observed_value(figures) -> Decimal | None:
    figures = [Decimal(str(value)) for value in figures]
    if not figures:
        return None
    return sum(figures) / len(figures)


def score_for(ladder, value: Decimal) -> int:
    """The score whose anchor `value` points to: the best score whose bound it reaches."""
    reached = [
        score
        for score, bound in thresholds(ladder)
        if (value >= bound if ladder.direction == AT_LEAST else value <= bound)
    ]
    return max(reached, default=1)


def suggest(ladder, figures) -> Suggestion | None:
    """The anchor the observed figures point to; None without a ladder or figures."""
    if ladder is None:
        return None
    value = observed_value(figures)
    if value is None:
        return None
    return Suggestion(value, len(figures), score_for(ladder, value))
