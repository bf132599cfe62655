"""The consensus view's ordering and filtering (`reviews.consensus`), without a database."""

from types import SimpleNamespace

from reviews.consensus import consensus_rows, spread

RITA = SimpleNamespace(pk=1)
OTTO = SimpleNamespace(pk=2)


def row(number, score=None):
    return SimpleNamespace(item=SimpleNamespace(number=number), item_id=number * 10, score=score)


def rating(link, number, score):
    return SimpleNamespace(reviewer_id=link.pk, item_id=number * 10, score=score)


def table(**kwargs):
    """Item 1 agreed, item 2 one apart, item 3 two apart, item 4 rated by Rita only."""
    rows = [row(4), row(2), row(1), row(3)]
    ratings = [
        rating(RITA, 1, 3),
        rating(OTTO, 1, 3),
        rating(RITA, 2, 4),
        rating(OTTO, 2, 3),
        rating(RITA, 3, 5),
        rating(OTTO, 3, 3),
        rating(RITA, 4, 2),
    ]
    return consensus_rows(rows, ratings, [RITA, OTTO], **kwargs)


def numbers(rows):
    return [r.item.number for r in rows]


def test_the_largest_disagreement_comes_first_and_ties_keep_the_scale_order():
    result = table()
    assert numbers(result.rows) == [3, 2, 1, 4]
    assert [r.spread for r in result.rows] == [2, 1, 0, 0]
    assert result.order == "spread"
    assert result.show == "all"


def test_scale_order_on_request():
    assert numbers(table(order="scale").rows) == [1, 2, 3, 4]


def test_filters_hide_the_rows_below_the_spread_asked_for():
    differ = table(show="differ")
    assert numbers(differ.rows) == [3, 2]
    assert numbers(differ.hidden) == [1, 4]
    assert numbers(table(show="two").rows) == [3]


def test_the_count_of_differences_ignores_the_filter():
    assert table().differ_count == table(show="two").differ_count == 2


def test_ratings_stand_side_by_side_in_reviewer_order_with_gaps_for_missing_ones():
    item_four = next(r for r in table().rows if r.item.number == 4)
    assert [(link.pk, given and given.score) for link, given in item_four.ratings_side_by_side] == [
        (1, 2),
        (2, None),
    ]


def test_unknown_order_and_filter_fall_back_to_the_defaults():
    result = table(order="'; drop", show="everything")
    assert (result.order, result.show) == ("spread", "all")
    assert numbers(result.rows) == [3, 2, 1, 4]


def test_spread_needs_two_scores_and_skips_empty_ones():
    assert spread([]) == 0
    assert spread([4]) == 0
    assert spread([4, None]) == 0
    assert spread([1, 5, None, 3]) == 4
