"""Which notes a reviewer sees beside each item: the same reveal rule as ratings."""

from collections import defaultdict

from reviews import lifecycle
from visits.models import Note


def visible_notes(review, user):
    """The notes of `review` that `user` (a reviewer of it) sees: their own, and another
    reviewer's once that reviewer has finished rating (or when there is no separate rating:
    one reviewer, or a review entered after the fact). Oldest first, with their session,
    author and items."""
    links = {link.user_id: link for link in review.reviewer_links.all()}
    separately = lifecycle.RATED_SEPARATELY.holds(review)
    notes = (
        Note.objects.filter(session__review=review)
        .select_related("session", "author")
        .prefetch_related("items")
        .order_by("created_at", "pk")
    )

    def shown(note):
        if note.author_id == user.pk or not separately:
            return True
        link = links.get(note.author_id)
        return link is None or link.rating_done_at is not None

    return [note for note in notes if shown(note)]


def notes_by_item(review, user) -> dict[int, list]:
    """The visible notes per item pk they are tagged to."""
    by_item = defaultdict(list)
    for note in visible_notes(review, user):
        for item in note.items.all():
            by_item[item.pk].append(note)
    return by_item
