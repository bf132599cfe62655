"""The report's profile chart: where the bars end and where the previous round's rings sit."""

from types import SimpleNamespace

import pytest

from toolkit.charts import profile_chart


def section(name, scores_and_previous):
    rows = [
        SimpleNamespace(
            item=SimpleNamespace(number=number, name=f"Item {number}"),
            row=SimpleNamespace(score=score),
            previous=previous,
        )
        for number, (score, previous) in enumerate(scores_and_previous, start=1)
    ]
    return SimpleNamespace(
        section=SimpleNamespace(name=name),
        subtotal=sum(score for score, _ in scores_and_previous),
        maximum=5 * len(rows),
        complete=True,
        rows=rows,
    )


@pytest.mark.parametrize("previous", [1, 2, 3, 4, 5])
def test_a_previous_score_is_drawn_on_its_gridline(previous):
    chart = profile_chart([section("Personale", [(3, previous)])], with_previous=True)
    gridline = {n: y for y, n in chart.grid}[previous]
    assert chart.bars[0].previous_y == pytest.approx(gridline)


def test_a_ring_for_the_same_score_sits_where_the_bar_ends():
    chart = profile_chart([section("Personale", [(4, 4), (2, 5), (5, None)])], with_previous=True)
    same, higher, none = chart.bars
    assert same.previous_y == pytest.approx(same.y)
    assert higher.previous_y < higher.y  # the previous round was better: the ring is above
    assert none.previous_y is None
