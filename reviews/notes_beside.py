"""What other parts of the app show beside each item while scoring, rating and in the
consensus: the visit's notes (visits/, which stands above the review, registers them when the
app starts, so the review's pages need not know of it).

A source is a function `(review, user) -> {item pk: [notes]}`; each is asked only for those who
may read notes (`can_read_notes`); who sees which note is the source's, by the lifecycle's
reveal rule.
"""

_sources = []


def register(source):
    """Add a source of notes beside the items (called once, from an app's `ready`)."""
    if source not in _sources:
        _sources.append(source)


def notes_beside(review, user) -> dict[int, list]:
    """The notes `user` sees per item pk; nothing for those who may not read notes."""
    if not review.access.can_read_notes:
        return {}
    found = {}
    for source in _sources:
        for item_pk, notes in source(review, user).items():
            found.setdefault(item_pk, []).extend(notes)
    return found
