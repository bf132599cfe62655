"""`{% calculator_for item figures ratings as calc %}`: what a row's calculator shows."""

from django import template

from reviews import calculators

register = template.Library()


@register.simple_tag
def calculator_for(item, figures, ratings=None):
    """None for an item without a ladder. Select `item__ladder` and prefetch the anchors:
    this costs no query then."""
    return calculators.calculator_for(item, figures, ratings)
