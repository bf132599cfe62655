"""`{% cached_item_row row editable %}`: the review page's item row, rendered once per content.

An item row is most of the review page's work (25 rows with their anchors), yet between two
requests usually one row changed, if any. Each process keeps the HTML of the rows it rendered
last, keyed by everything `_item_row.html` reads: every field of the item score (its
`updated_at` changes with any save), the review, whether it is editable, the language, and
the item, which must belong to a frozen scale version (rows of a draft version are rendered
every time). A row shown with the reviewers' ratings (the consensus) is never cached.
Whatever `_item_row.html` comes to read must be in `row_key`.
"""

import hashlib
from collections import OrderedDict
from threading import Lock

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

ROW_TEMPLATE = "reviews/_item_row.html"
MAX_ROWS = 4000  # about 4 KB each: some 16 MB per process at most

_rows: OrderedDict[str, str] = OrderedDict()
_lock = Lock()


def row_key(row, *, review, editable) -> str:
    values = [getattr(row, field.attname) for field in row._meta.concrete_fields]
    raw = repr((values, review.pk, bool(editable), get_language()))
    return hashlib.sha256(raw.encode()).hexdigest()


def _render(context, row, editable) -> str:
    row_template = context.template.engine.get_template(ROW_TEMPLATE)
    with context.push(row=row, editable=editable):
        return row_template.render(context)


@register.simple_tag(takes_context=True)
def cached_item_row(context, row, editable):
    review = context["review"]
    if not review.scale.is_frozen:
        return _render(context, row, editable)
    key = row_key(row, review=review, editable=editable)
    with _lock:
        html = _rows.get(key)
        if html is not None:
            _rows.move_to_end(key)
            return html
    html = mark_safe(_render(context, row, editable))  # noqa: S308 - the template's own escaped output
    with _lock:
        _rows[key] = html
        while len(_rows) > MAX_ROWS:
            _rows.popitem(last=False)
    return html
