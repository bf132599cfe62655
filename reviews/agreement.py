"""How far independent reviewers agreed before the consensus: plain numbers for the reviewers.

Exact agreement: the share of items where every reviewer gave the same score. Within one: the
share where the scores differ by at most one point. Weighted kappa: Cohen's kappa with
quadratic weights, which credits near misses on the ordinal 1–5 scale; with three or more
reviewers, the mean of the pairwise kappas. Kappa is undefined (None) when there is no
expected disagreement, e.g. when both reviewers used a single score for every item.
"""

from dataclasses import dataclass
from itertools import combinations

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Agreement:
    reviewers: int
    items: int
    exact: float | None
    within_one: float | None
    kappa: float | None

    @property
    def exact_percent(self) -> int | None:
        return None if self.exact is None else round(self.exact * 100)

    @property
    def within_one_percent(self) -> int | None:
        return None if self.within_one is None else round(self.within_one * 100)


def weighted_kappa(first, second, categories=SCORES) -> float | None:
    """Cohen's kappa with quadratic weights for two raters' paired scores."""
    if len(first) != len(second) or not first:
        return None
    k = len(categories)
    index = {category: i for i, category in enumerate(categories)}
    observed = [[0] * k for _ in range(k)]
    for a, b in zip(first, second, strict=True):
        observed[index[a]][index[b]] += 1
    n = len(first)
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]

    def weight(i, j):
        return (i - j) ** 2 / (k - 1) ** 2

    disagreement = sum(weight(i, j) * observed[i][j] for i in range(k) for j in range(k)) / n
    expected = sum(weight(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)) / n**2
    if expected == 0:
        return None
    return 1 - disagreement / expected


def agreement(vectors) -> Agreement:
    """`vectors`: one list of scores per reviewer, aligned item by item (None = not rated)."""
    reviewers = len(vectors)
    complete = [
        [vector[i] for vector in vectors]
        for i in range(len(vectors[0]) if vectors else 0)
        if all(vector[i] is not None for vector in vectors)
    ]
    if reviewers < 2 or not complete:
        return Agreement(reviewers, len(complete), None, None, None)
    exact = sum(1 for scores in complete if len(set(scores)) == 1) / len(complete)
    within = sum(1 for scores in complete if max(scores) - min(scores) <= 1) / len(complete)
    kappas = [
        weighted_kappa([s[a] for s in complete], [s[b] for s in complete])
        for a, b in combinations(range(reviewers), 2)
    ]
    defined = [k for k in kappas if k is not None]
    kappa = sum(defined) / len(defined) if defined else None
    return Agreement(reviewers, len(complete), exact, within, kappa)
