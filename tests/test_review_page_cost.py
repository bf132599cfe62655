"""What keeps the review page cheap (issue 10, point 7) changes nothing it shows."""

import re

import pytest
from django.utils import translation

from reviews import services
from reviews.changelog import review_changes
from reviews.templatetags import item_row_cache
from scales import frozen
from scales.models import Anchor, FrozenScaleError, Scale
from tests.factories import make_review, published, score_all


def _autosave(obj, field, value, user):
    return services.field_save(
        obj=obj, field=field, raw_value=value, base_version=obj.version, user=user
    )


def test_the_pages_short_change_list_is_the_newest_ten_of_the_log(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    rows = list(review.item_scores.order_by("item__number")[:3])
    for n in range(8):
        for i, row in enumerate(rows):
            rows[i] = _autosave(row, "remark", f"Tekst {n}", reviewer)
        review = _autosave(review, "purpose", f"Formål {n}", reviewer)
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


ROW = re.compile(r'<article class="item-row".*?</article>', re.S)


def _rows(client, review):
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    return ROW.findall(response.text)


def test_cached_item_rows_are_the_rows_rendered_afresh_and_follow_every_change(client, reviewer):
    review = score_all(make_review(lead=reviewer, scale="ips-15"))
    client.force_login(reviewer)
    item_row_cache._rows.clear()
    fresh = _rows(client, review)
    assert len(fresh) == 15
    assert len(item_row_cache._rows) == 15
    assert _rows(client, review) == fresh  # from the cache

    row = review.item_scores.get(item__number=2)
    _autosave(row, "remark", "Ny <b>bemærkning</b>", reviewer)
    third = review.item_scores.get(item__number=3)
    third.score = 1  # a save that is no autosave (no new version) shows too
    third.save()
    rows = _rows(client, review)
    assert "Ny &lt;b&gt;bemærkning&lt;/b&gt;" in rows[1]
    assert 'value="1" data-field="score" checked' in rows[2]
    assert rows[0] == fresh[0]
    assert rows[3:] == fresh[3:]
    item_row_cache._rows.clear()
    assert _rows(client, review) == rows


def test_a_rows_key_holds_whether_it_is_editable_and_the_language(reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    row = review.item_scores.first()
    key = item_row_cache.row_key(row, review=review, editable=True)
    assert key != item_row_cache.row_key(row, review=review, editable=False)
    with translation.override("en"):
        assert key != item_row_cache.row_key(row, review=review, editable=True)
