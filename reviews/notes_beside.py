"""The visit's notes beside each item while scoring, rating and in the consensus.

The notes belong to the visit (visits/), which stands above the review; the review's pages
read them back in this one place, as `reviews/previous.py` reads the previous round's
actions. Who sees which note is the reveal rule of `visits.notes`.
"""

from visits.notes import notes_by_item


def notes_beside(review, user) -> dict[int, list]:
    """The notes `user` sees per item pk; nothing for those who may not read notes."""
    if not review.access.can_read_notes:
        return {}
    return notes_by_item(review, user)
