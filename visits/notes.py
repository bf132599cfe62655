"""Which notes a reviewer sees beside each item: the same reveal rule as ratings."""

from collections import defaultdict

from reviews import lifecycle
from visits.models import Note


def visible_notes(review, user):
    """The notes of `review` that `user` (a reviewer of it) sees: their own, and another
    reviewer's once the lifecycle reveals it (`reviews.lifecycle.revealed_to_others`). Oldest
    first, with their session, author and items."""
    notes = (
        Note.objects.filter(session__review=review)
        .select_related("session", "author")
        .prefetch_related("items")
        .order_by("created_at", "pk")
    )
    return [
        note
        for note in notes
        if note.author_id == user.pk or lifecycle.revealed_to_others(review, note.author_id)
    ]


def notes_by_item(review, user) -> dict[int, list]:
    """The visible notes per item pk they are tagged to."""
    by_item = defaultdict(list)
    for note in visible_notes(review, user):
        for item in note.items.all():
            by_item[item.pk].append(note)
    return by_item
