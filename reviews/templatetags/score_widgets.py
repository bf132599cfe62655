"""`{% score_options … %}` and `{% item_anchors … %}`: an item's anchors as radio buttons or
as a read-only list.

Built in Python with `format_html` rather than in a template: a review page shows 25 items
with 6 options each, and the template engine's cost per variable made these the largest part
of the page's CPU (bench/review_cpu.py). `format_html` escapes every value as a template does.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

_OPTION = (
    '<div class="anchor-option">'
    '<input class="form-check-input" type="radio" name="{name}" id="{id}" value="{score}"'
    ' data-field="score"{checked}>'
    '<label class="anchor-label" for="{id}">'
    '<span class="anchor-score">{score}</span> <span class="anchor-text">{text}</span>{given}'
    "</label></div>"
)
_CHECKED = mark_safe(" checked")


@register.simple_tag
def score_options(item, options, *, prefix, key, checked, legend, group_section=None):
    """The fieldset of one item's score: a radio per anchor (with who gave it, in the
    consensus) and "No score"; its legend names the item for screen readers."""
    name = f"{prefix}-{key}"
    given_by = gettext("Given by")
    rows = [
        format_html(
            _OPTION,
            name=name,
            id=f"{name}-{option.score}",
            score=option.score,
            text=option.text,
            checked=_CHECKED if checked == option.score else "",
            given=format_html(
                ' <span class="anchor-given">{}: {}</span>',
                given_by,
                ", ".join(str(link) for link in option.given_by),
            )
            if option.given_by
            else "",
        )
        for option in options
    ]
    group = (
        format_html(' data-score-group data-section="{}"', group_section) if group_section else ""
    )
    if group_section and item.subscale_id:
        # The live totals of the item's subscale follow it too (review.js).
        group = format_html('{} data-subscale="{}"', group, item.subscale_id)
    return format_html(
        '<fieldset class="score-group"{group}>'
        '<legend class="score-legend"><span class="visually-hidden">{number}. {item_name} – </span>'
        "{legend}</legend>"
        '<div class="anchor-options">{rows}'
        '<div class="anchor-option anchor-option-none">'
        '<input class="form-check-input" type="radio" name="{name}" id="{name}-none" value=""'
        ' data-field="score"{none_checked}>'
        '<label class="anchor-label" for="{name}-none">'
        '<span class="anchor-score" aria-hidden="true">–</span> '
        '<span class="anchor-text">{no_score}</span></label>'
        "</div></div>"
        '<div data-conflict-for="score"></div>'
        "</fieldset>",
        group=group,
        number=item.number,
        item_name=item.name,
        legend=legend,
        rows=SafeString("".join(rows)),
        name=name,
        none_checked="" if checked else _CHECKED,
        no_score=gettext("No score"),
    )


@register.simple_tag
def item_anchors(options, *, label, score, score_text):
    """Read-only pages: the score given with its anchor's words, and every anchor folded."""
    if score:
        given = format_html("{}", score)
        if score_text:
            given = format_html('{} – <span class="anchor-text">{}</span>', score, score_text)
    else:
        given = "–"
    return format_html(
        '<p class="item-score"><strong>{label}:</strong> {given}</p>'
        '<details class="anchors-details"><summary>{summary}</summary>'
        '<ol class="anchor-list">{anchors}</ol></details>',
        label=label,
        given=given,
        summary=gettext("Every anchor of the item"),
        anchors=format_html_join(
            "", "<li><strong>{}</strong> {}</li>", ((o.score, o.text) for o in options)
        ),
    )
