"""What keeps the review page cheap (issue 10, point 7) changes nothing it shows."""

from reviews import services
from reviews.changelog import review_changes
from tests.factories import make_review


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
