"""The change log reads autosave's pauses as one change: one person's saves of one field
within a few minutes (the history keeps every version)."""

import datetime

from django.urls import reverse

from reviews import services
from reviews.changelog import COALESCE_WITHIN, review_changes
from reviews.models import ItemScore
from tests.factories import make_review, open_consensus


def save(obj, field, value, user):
    return services.field_save(
        obj=obj, field=field, raw_value=value, base_version=obj.version, user=user
    )


def spread(row, minutes):
    """Set the row's history records `minutes` apart, oldest first."""
    records = list(ItemScore.history.filter(id=row.pk).order_by("history_date", "history_id"))
    start = records[0].history_date
    for n, record in enumerate(records):
        ItemScore.history.filter(history_id=record.history_id).update(
            history_date=start + datetime.timedelta(minutes=minutes * n)
        )


def remark_changes(review):
    return [c for c in review_changes(review) if c.what.endswith("Bemærkning")]


def test_seven_pauses_in_one_remark_are_one_change_with_the_first_and_last_text(client, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    row = review.item_scores.get(item__number=1)
    words = ["Der", "er", "fire", "konsulenter", "med", "12–18", "kandidater."]
    typed = [" ".join(words[:n]) for n in range(1, len(words) + 1)]
    assert len(typed) == 7
    for text in typed:
        row = save(row, "remark", text, reviewer)
    spread(row, minutes=0.5)
    (change,) = remark_changes(review)
    assert change.saves == 7
    assert (change.old_value, change.value) == ("", typed[-1])
    assert ItemScore.history.filter(id=row.pk, history_change_reason="remark").count() == 7
    short = [c for c in review_changes(review, limit=10) if c.what.endswith("Bemærkning")]
    assert [(c.who, c.saves) for c in short] == [(change.who, 7)]  # the page's list too
    client.force_login(reviewer)
    log = client.get(reverse("reviews:review_log", args=[review.pk])).text
    assert log.count("Bemærkning</strong>") == 1
    assert "gemt 7 gange i træk" in log


def test_a_pause_longer_than_the_window_another_person_or_field_starts_a_new_change(
    reviewer, other_reviewer
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale="ips-15")
    open_consensus(review)
    row = review.item_scores.get(item__number=1)
    row = save(row, "remark", "A", reviewer)
    row = save(row, "remark", "AB", reviewer)
    row = save(row, "remark", "ABC", reviewer)  # later than the window: a change of its own
    row = save(row, "recommendation", "R", reviewer)
    row = save(row, "remark", "ABCD", reviewer)  # after another field: a change of its own
    row = save(row, "remark", "ABCDE", other_reviewer)  # another person
    history = ItemScore.history.filter(id=row.pk).order_by("history_date", "history_id")
    records = list(history)[-6:]  # the six saves
    start = records[0].history_date
    late = COALESCE_WITHIN + datetime.timedelta(seconds=1)
    offsets = [0, 60, 60 + late.total_seconds(), 400, 401, 402]
    for record, seconds in zip(records, offsets, strict=True):
        ItemScore.history.filter(history_id=record.history_id).update(
            history_date=start + datetime.timedelta(seconds=seconds + 1)
        )
    changes = sorted(remark_changes(review), key=lambda c: c.when)
    rita, otto = reviewer.get_full_name(), other_reviewer.get_full_name()
    assert [(c.old_value, c.value, c.saves, c.who) for c in changes] == [
        ("", "AB", 2, rita),
        ("AB", "ABC", 1, rita),
        ("ABC", "ABCD", 1, rita),
        ("ABCD", "ABCDE", 1, otto),
    ]
