from django import template
from django.utils.translation import gettext as _

from reviews.offline import offline_texts as texts

register = template.Library()


@register.simple_tag
def offline_texts() -> dict:
    """What the offline line and the "Take offline" button say (static/js/offline.js)."""
    return texts()


@register.simple_tag
def notes_texts() -> dict:
    """What the queue of notes to send says (static/js/notes.js)."""
    return {
        "pending": _("Notes not sent yet"),
        "notSent": _("Not sent yet: kept on this computer and sent when the network is back."),
        "refused": _("Not saved: %(error)s"),
        "backToForm": _("Put it back in the form"),
    }
