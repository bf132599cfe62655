"""What keeps the review page cheap (issue 10, point 7) changes nothing it shows."""

import pytest

from reviews import services
from reviews.changelog import review_changes
from scales import frozen
from scales.models import Anchor, FrozenScaleError, Scale
from tests.factories import make_review, published


def _autosave(obj, field, value, user):
    return services.field_save(
        obj=obj, field=field, raw_value=value, base_version=obj.version, user=user
    )


def test_the_pages_short_change_list_is_the_newest_ten_of_the_log(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    rows = list(review.item_scores.order_by("item__number")[:3])
    # Two fields of each object in turn, so that no two saves coalesce into one change.
    for n in range(8):
        for i, row in enumerate(rows):
            rows[i] = _autosave(row, "remark", f"Tekst {n}", reviewer)
            rows[i] = _autosave(rows[i], "recommendation", f"Anbefaling {n}", reviewer)
        review = _autosave(review, "purpose", f"Formål {n}", reviewer)
        review = _autosave(review, "summary", f"Resumé {n}", reviewer)
    full = review_changes(review)
    short = review_changes(review, limit=10)
    assert len(full) > 30
    assert len(short) == 10

    def shown(change):
        return (change.when, change.who, change.what, change.kind, change.value)

    assert [shown(c) for c in short] == [shown(c) for c in full[:10]]


def test_a_frozen_versions_items_are_read_once_per_process(reviewer, django_assert_num_queries):
    scale = published("ips-15")
    frozen._frozen_items.clear()
    with django_assert_num_queries(2):  # items with sections and ladders; anchors
        items = frozen.scale_items(scale)
    with django_assert_num_queries(0):
        assert frozen.scale_items(scale) is items
    assert sorted(item.number for item in items.values()) == list(range(1, 16))
    item = next(iter(items.values()))
    item.name = "Ændret"
    with pytest.raises(FrozenScaleError):
        item.save()
    with pytest.raises(FrozenScaleError):
        Anchor.objects.filter(item__scale=scale).update(text="Ændret")


def test_a_draft_versions_items_are_read_afresh(db, django_assert_num_queries):
    draft = Scale.objects.create(code="ips-x", version=1, name="Kladde", edition_year=2026)
    frozen._frozen_items.clear()
    for _ in range(2):
        with django_assert_num_queries(1):  # its items (none yet, so no anchors to read)
            frozen.scale_items(draft)
    assert frozen._frozen_items == {}
