from django import template

from analytics import calibration

register = template.Library()


@register.filter
def percent(share):
    """A share 0–1 as whole percent, halves up (the agreement figures' rounding)."""
    return calibration.percent(share)


@register.simple_tag
def calibration_rule() -> dict:
    """The flagging thresholds, for the page to state the rule it applies."""
    return {
        "bias_reviews": calibration.BIAS_MIN_REVIEWS,
        "bias_points": calibration.BIAS_POINTS,
        "wide_pairs": calibration.WIDE_MIN_PAIRS,
        "wide_share": calibration.percent(calibration.WIDE_WITHIN_ONE),
    }
