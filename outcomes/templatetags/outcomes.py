from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from outcomes.models import OutcomePeriod

register = template.Library()

SPECIAL = {
    "site": lambda: _("The site's name, as in the app (e.g. Hjørring Kommune)."),
    "quarter": lambda: _("The quarter, e.g. 2024-K2; or leave it empty and give the dates."),
}


@register.simple_tag
def column_meaning(field_name) -> str:
    """What a CSV column holds, from the model's own field texts."""
    if field_name in SPECIAL:
        return SPECIAL[field_name]()
    field = OutcomePeriod._meta.get_field(field_name)
    text = capfirst(str(field.verbose_name))
    if field.help_text:
        text += f". {field.help_text}"
    return text
