"""What a row's calculator shows: the figures, their mean, and the anchor they point to.

Used by the pages (`{% calculator_for %}`) and the report; reads the item's `ladder` and
anchors as prefetched (`item__ladder`, `item__anchors`), so it costs no query.
"""

import json
from dataclasses import dataclass

from django.utils.translation import gettext

from scales import ladders


@dataclass
class Calculator:
    ladder: object
    figures: list
    anchors: dict
    others: list  # (reviewer, Calculator) of each reviewer's rating, in the consensus

    @property
    def text(self) -> str:
        return ladders.format_figures(self.figures)

    @property
    def suggestion(self):
        return ladders.suggest(self.ladder, self.figures)

    @property
    def anchor(self) -> str:
        suggestion = self.suggestion
        return self.anchors.get(suggestion.score, "") if suggestion else ""

    @property
    def data(self) -> str:
        """What calculator.js needs to point to the anchor as the reviewer types."""
        return json.dumps(
            {
                "direction": self.ladder.direction,
                "steps": [[score, str(bound)] for score, bound in self.ladder.steps()],
                "perConsultant": self.ladder.per_consultant,
                "anchors": {str(score): text for score, text in self.anchors.items()},
                "texts": {
                    "mean": gettext("Mean of %(n)s: %(value)s %(unit)s"),
                    "points": gettext("points to score %(score)s"),
                    "invalid": gettext("Write figures separated by semicolons, e.g. 18; 22,5."),
                },
            },
            ensure_ascii=False,
        )


def calculator_for(item, figures, ratings=None, *, anchors=True) -> Calculator | None:
    """None for an item without a ladder; `ratings`: (reviewer, rating) pairs to show too."""
    ladder = getattr(item, "ladder", None)
    if ladder is None:
        return None
    texts = {anchor.score: anchor.text for anchor in item.anchors.all()} if anchors else {}
    others = [
        (link, Calculator(ladder, ladders.from_json(rating.observed), texts, []))
        for link, rating in ratings or []
        if rating is not None and rating.observed
    ]
    return Calculator(ladder, ladders.from_json(figures), texts, others)


def observed_rows(item_scores) -> list[tuple[object, Calculator]]:
    """(item score, calculator) of the agreed rows that carry figures, for the report."""
    found = []
    for row in item_scores:
        if row.observed:
            calculator = calculator_for(row.item, row.observed, anchors=False)
            if calculator is not None:
                found.append((row, calculator))
    return found
