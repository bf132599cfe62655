"""A frozen scale version's items, read once per process.

A published or retired version never changes again: the models and their querysets refuse
every write to it and to its sections, items, anchors and ladders (`Scale.save`,
`ScalePart`, tests/scales/test_scale_versions.py). So the review pages need not read its 25 items
with their sections, ladders and anchors on every request: each process keeps them after
the first read, keyed by the version and the moment it was published. A draft version is
read afresh every time.
"""

from scales.models import Item

_frozen_items: dict[tuple, dict[int, Item]] = {}


def _load(scale_id) -> dict[int, Item]:
    items = (
        Item.objects.filter(scale_id=scale_id)
        .select_related("section", "ladder")
        .prefetch_related("anchors")
    )
    return {item.pk: item for item in items}


def scale_items(scale) -> dict[int, Item]:
    """The version's items by pk, with section, ladder and anchors; treat them as read-only."""
    if not scale.is_frozen:
        return _load(scale.pk)
    key = (scale.pk, scale.code, scale.version, scale.published_at)
    items = _frozen_items.get(key)
    if items is None:
        items = _frozen_items[key] = _load(scale.pk)
    return items


def attach_items(item_scores, scale) -> None:
    """Give each row (item score, rating) its item from `scale_items`, without a query."""
    items = scale_items(scale)
    for row in item_scores:
        row.item = items[row.item_id]
