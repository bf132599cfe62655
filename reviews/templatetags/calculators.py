"""`{% calculator_for item figures %}`: what a row's calculator shows (scales.ladders)."""

import json
from dataclasses import dataclass

from django import template
from django.utils.translation import gettext

from scales import ladders

register = template.Library()


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


@register.simple_tag
def calculator_for(item, figures, ratings=None):
    """None for an item without a ladder. Select `item__ladder` and prefetch the anchors:
    this costs no query then."""
    ladder = getattr(item, "ladder", None)
    if ladder is None:
        return None
    anchors = {anchor.score: anchor.text for anchor in item.anchors.all()}
    others = [
        (link, Calculator(ladder, ladders.from_json(rating.observed), anchors, []))
        for link, rating in ratings or []
        if rating is not None and rating.observed
    ]
    return Calculator(ladder, ladders.from_json(figures), anchors, others)
