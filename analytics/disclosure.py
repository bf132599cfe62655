"""Which figures over reviews a person may not read can be shown, decided for all of them as a set.

The item analytics show, for a region, scale and kind, each round's regional mean and, between two
rounds, the means before and after over the sites measured in both. With their counts, each is a
sum over a set of reviews; beside what the person knows of the reviews they may read, two such
sums can be subtracted. Each figure withholding itself when fewer than `MIN_POOLED` unseen sites
stand behind it is not enough: a round of six unseen sites and a comparison over five of them
differ by one site, whose scores are the difference (the second probe's attack).

The rule here closes differencing for every combination of figures, not just pairs. The figures
are taken in a fixed order (the newest round's mean first, then older rounds, then the
comparisons, newest first); a figure joins those shown only if afterwards every *atom* — a group
of unseen reviews that each shown figure either counts all of or none of — holds at least
`min_pooled` reviews. Any sum, difference or other linear combination of shown figures is then a
combination of atom sums, so nothing narrower than an atom of `min_pooled` reviews can be worked
out; `tests/analytics/test_disclosure.py` checks this by linear algebra on random regions.

What it does not hide: a mean of 1.0 or 5.0 over an atom tells that every review in it scored so
on that item (a property of the whole group, not a difference).
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations


@dataclass(frozen=True)
class Disclosure:
    """The round means and comparisons that may be shown to one person."""

    rounds: frozenset = field(default_factory=frozenset)
    changes: frozenset = field(default_factory=frozenset)  # (first round, second round)

    def mean_shown(self, round_number) -> bool:
        return round_number in self.rounds

    def change_shown(self, first, second) -> bool:
        return (min(first, second), max(first, second)) in self.changes


@dataclass(frozen=True)
class Figure:
    """A figure a page can show, and the sets of unseen reviews it sums over."""

    key: object
    sets: tuple


def candidate_figures(reviews, readable) -> list[Figure]:
    """Every figure the pages offer, in the order they are considered.

    `reviews`: (review id, site id, round) of every finalized review of the region, scale and
    kind; `readable`: the ids of those the person may read.
    """
    by_round = {}
    for pk, site, number in reviews:
        by_round.setdefault(number, {})[site] = pk
    figures = []
    for number in sorted(by_round, reverse=True):
        unseen = frozenset(pk for pk in by_round[number].values() if pk not in readable)
        figures.append(Figure(number, (unseen,)))
    pairs = sorted(combinations(sorted(by_round), 2), key=lambda pair: (-pair[1], -pair[0]))
    for first, second in pairs:
        both = set(by_round[first]) & set(by_round[second])
        # A site counts as seen in a comparison only if the person reads both of its reviews.
        hidden = [
            site
            for site in both
            if by_round[first][site] not in readable or by_round[second][site] not in readable
        ]
        before = frozenset(by_round[first][site] for site in hidden)
        after = frozenset(by_round[second][site] for site in hidden)
        figures.append(Figure((first, second), (before, after)))
    return figures


def atoms(sets) -> Counter:
    """How many reviews each atom of the sets holds (an atom: the reviews in exactly the same
    sets)."""
    members = {}
    for index, members_of_set in enumerate(sets):
        for pk in members_of_set:
            members.setdefault(pk, []).append(index)
    return Counter(tuple(indexes) for indexes in members.values())


def safe(sets, min_pooled) -> bool:
    return all(size >= min_pooled for size in atoms(sets).values())


def disclosure(reviews, readable, *, min_pooled) -> Disclosure:
    """The figures shown together, chosen in `candidate_figures`' order (pure: no database)."""
    shown_sets, rounds, changes = [], set(), set()
    for figure in candidate_figures(reviews, set(readable)):
        with_it = shown_sets + [s for s in figure.sets if s]
        if safe(with_it, min_pooled):
            shown_sets = with_it
            (changes if isinstance(figure.key, tuple) else rounds).add(figure.key)
    return Disclosure(frozenset(rounds), frozenset(changes))
