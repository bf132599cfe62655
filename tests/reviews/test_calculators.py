"""Calculators for the numeric items: the ladders the scales ship, their suggestions at every
boundary, the figures' parsing, and the ladders in the admin and the exchange format."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from scales import ladders
from scales.models import Item, Ladder, Scale
from scales.services import scale_create_version
from tests.factories import published


def ladder_of(code, number):
    return Ladder.objects.get(item__scale=published(code), item__number=number)


def score(code, number, *figures):
    return ladders.suggest(ladder_of(code, number), [Decimal(str(f)) for f in figures]).score


# (scale, item, [(figure, score the anchors give it)]) at both sides of every bound.
BOUNDARIES = [
    ("ips-25", 1, [(20, 5), (21, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2), (41, 1)]),
    ("ips-25", 2, [(59, 1), (60, 2), (74, 2), (75, 3), (89, 3), (90, 4), (95, 4), (96, 5)]),
    ("ips-25", 5, [(0, 1), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]),
    ("ips-25", 13, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]),
    ("ips-25", 15, [(30, 5), (31, 4), (60, 4), (61, 3), (150, 3), (151, 2), (270, 2), (271, 1)]),
    ("ips-25", 16, [(24, 1), (25, 2), (49, 2), (50, 3), (74, 3), (75, 4), (89, 4), (90, 5)]),
    ("ips-25", 17, [(1.9, 1), (2, 2), (3, 2), (4, 3), (5, 4), (5.9, 4), (6, 5)]),
    ("ips-25", 19, [(49, 1), (50, 2), (59, 2), (60, 3), (69, 3), (70, 4), (84, 4), (85, 5)]),
    ("ips-25", 20, [(49, 1), (50, 2), (69, 3), (84, 4), (85, 5)]),
    ("ips-25", 21, [(26, 1), (64, 1), (65, 2), (74, 2), (75, 3), (84, 3), (85, 4), (95, 5)]),
    ("ips-25", 24, [(29, 1), (30, 2), (39, 2), (40, 3), (49, 3), (50, 4), (64, 4), (65, 5)]),
    ("ips-25", 25, [(2, 1), (3, 2), (4, 3), (5, 4), (6, 5)]),
    ("ips-15", 1, [(25, 5), (26, 4), (40, 4), (41, 3), (60, 3), (61, 2), (80, 2), (81, 1)]),
    ("ips-15", 2, [(9, 5), (10, 4), (29, 4), (30, 3), (49, 3), (50, 2), (79, 2), (80, 1)]),
    ("ips-15", 8, [(1, 5), (2, 4), (6, 4), (7, 3), (9, 3), (10, 2), (12, 2), (13, 1)]),
    ("ips-15", 14, [(10, 1), (11, 2), (39, 2), (40, 3), (59, 3), (60, 4), (69, 4), (70, 5)]),
]


@pytest.mark.parametrize(
    ("code", "number", "figure", "expected"),
    [
        pytest.param(code, number, figure, expected, id=f"{code}-{number}-{figure}")
        for code, number, cases in BOUNDARIES
        for figure, expected in cases
    ],
)
def test_the_calculator_points_to_the_anchor_at_each_boundary(db, code, number, figure, expected):
    assert score(code, number, figure) == expected


def test_between_two_anchors_the_figure_points_to_the_lower_score(db):
    # 20.5 is neither "20 or fewer" nor "21–25": the better score needs its bound reached.
    assert score("ips-25", 1, 20.5) == 4
    assert score("ips-25", 2, 95.5) == 4


def test_figures_per_konsulent_are_averaged(db):
    caseload = ladders.suggest(ladder_of("ips-25", 1), [Decimal(18), Decimal(22), Decimal(23)])
    assert (caseload.value, caseload.count, caseload.score) == (Decimal(21), 3, 4)
    assert caseload.value_display == "21"
    contacts = ladders.suggest(ladder_of("ips-25", 17), [Decimal(6), Decimal(5)])
    assert (contacts.value_display, contacts.score) == ("5,5", 4)


def number_in(text):
    return {Decimal(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d+)?", text)}


@pytest.mark.parametrize("code", ["ips-25", "ips-15"])
def test_every_shipped_ladder_restates_numbers_its_anchors_print(db, code):
    """A bound is printed in the anchor of its score ("21–25", "20 eller færre"), or the
    anchor says "under" the next number (IPS-15 item 2: "under 10 %" is at most 9)."""
    for ladder in Ladder.objects.filter(item__scale=published(code)).select_related("item"):
        anchors = {a.score: a.text for a in ladder.item.anchors.all()}
        for step, bound in ladder.steps():
            text = anchors[step]
            said = bound in number_in(text) or (
                ladder.direction == ladders.AT_MOST and f"under {bound + 1:.0f}" in text
            )
            assert said, (code, ladder.item.number, step, bound, text)


def test_the_shipped_versions_have_calculators_for_their_numeric_items(db):
    numbers = {
        code: sorted(
            Ladder.objects.filter(item__scale=published(code)).values_list(
                "item__number", flat=True
            )
        )
        for code in ("ips-25", "ips-15")
    }
    assert numbers == {
        "ips-25": [1, 2, 5, 8, 10, 11, 13, 15, 16, 17, 19, 20, 21, 24, 25],
        "ips-15": [1, 2, 8, 14],
    }
    per_konsulent = Ladder.objects.filter(per_consultant=True).values_list(
        "item__scale__code", "item__number"
    )
    assert sorted(per_konsulent) == [
        ("ips-15", 1),
        ("ips-15", 14),
        ("ips-25", 1),
        ("ips-25", 17),
        ("ips-25", 24),
    ]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("18; 22,5; 25", [Decimal(18), Decimal("22.5"), Decimal(25)]),
        ("18 22.5\n25", [Decimal(18), Decimal("22.5"), Decimal(25)]),
        ("  ", []),
        ("0", [Decimal(0)]),
    ],
)
def test_figures_are_read_with_a_decimal_comma(text, figures):
    assert ladders.parse_figures(text) == figures


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tyve", "»tyve« er ikke et tal. Adskil tallene med semikolon."),
        ("18,5,2", "»18,5,2« er ikke et tal. Adskil tallene med semikolon."),
        ("-3", "»-3« skal være et tal fra 0 til 100000."),
        ("1,234", "Brug højst to decimaler."),
        ("; ".join(["1"] * 41), "Højst 40 tal."),
    ],
)
def test_anything_but_figures_is_refused_in_danish(text, message):
    with pytest.raises(ValidationError) as caught:
        ladders.parse_figures(text)
    assert caught.value.messages == [message]


def test_the_ladder_decides_how_many_figures_and_how_large(db):
    assert ladders.figure_errors(ladder_of("ips-25", 2), [Decimal(90), Decimal(95)]) == [
        "Angiv ét tal for dette item."
    ]
    assert ladders.figure_errors(ladder_of("ips-25", 2), [Decimal(101)]) == [
        "En andel kan ikke være over 100 %."
    ]
    assert ladders.figure_errors(ladder_of("ips-25", 1), [Decimal(120), Decimal(20)]) == []
    assert ladders.figure_errors(None, [Decimal(1)]) == ["Dette item har ingen beregner."]
    assert ladders.format_figures([18, 22.5, Decimal("25.00")]) == "18; 22,5; 25"


# --- the model, the admin's rules and the exchange --------------------------------------


def draft_item(number=3):
    draft = scale_create_version(scale=published("ips-15"))
    return Item.objects.get(scale=draft, number=number)


@pytest.mark.parametrize(
    ("direction", "steps"),
    [("at_least", (10, 10, 20, 30)), ("at_most", (10, 20, 30, 40)), ("at_least", (-1, 2, 3, 4))],
)
def test_a_ladder_out_of_order_is_refused_by_clean_and_by_the_database(db, direction, steps):
    ladder = Ladder(
        item=draft_item(),
        quantity="Antal",
        unit="stk",
        direction=direction,
        **{f"score_{s}": v for s, v in zip(ladders.SCORES, steps, strict=True)},
    )
    with pytest.raises(ValidationError):
        ladder.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ladder.save()


def test_a_published_versions_ladder_is_frozen_with_it(db):
    ladder = ladder_of("ips-25", 1)
    ladder.score_5 = 19
    with pytest.raises(Exception, match="udgivet"):
        ladder.save()


def test_a_new_draft_version_carries_the_ladders_and_its_ladders_can_change(db):
    draft = scale_create_version(scale=published("ips-25"))
    ladder = Ladder.objects.get(item__scale=draft, item__number=1)
    assert (ladder.direction, ladder.score_5, ladder.per_consultant) == ("at_most", 20, True)
    ladder.score_5 = 19
    ladder.full_clean()
    ladder.save()


def export(code, version=None):
    out = StringIO()
    call_command(
        "export_scale", code, *(["--version", str(version)] if version else []), stdout=out
    )
    return json.loads(out.getvalue())


def test_the_exchange_format_carries_a_ladder_as_steps(db):
    item = export("ips-25")["sections"][0]["items"][0]
    assert item["ladder"] == {
        "quantity": "Aktive IPS-kandidater pr. fuldtids IPS-konsulent",
        "unit": "kandidater",
        "per_consultant": True,
        "steps": [
            {"score": 5, "at_most": 20},
            {"score": 4, "at_most": 25},
            {"score": 3, "at_most": 30},
            {"score": 2, "at_most": 40},
        ],
    }
    assert "ladder" not in export("ips-25")["sections"][0]["items"][2]


@pytest.mark.parametrize(
    ("ladder", "error"),
    [
        ({"quantity": "x", "unit": "%", "steps": []}, "ét trin for hver af scorerne 2–5"),
        (
            {
                "quantity": "x",
                "unit": "%",
                "steps": [
                    {"score": 2, "at_least": 1},
                    {"score": 3, "at_most": 2},
                    {"score": 4, "at_least": 3},
                    {"score": 5, "at_least": 4},
                ],
            },
            "alle være 'at_least' eller alle 'at_most'",
        ),
        (
            {
                "quantity": "x",
                "unit": "%",
                "steps": [{"score": s, "at_least": 10} for s in (2, 3, 4, 5)],
            },
            "skal hver score have et højere tal",
        ),
        ({"unit": "%", "steps": []}, "'quantity' mangler"),
    ],
)
def test_an_import_with_a_broken_ladder_is_refused(db, tmp_path, ladder, error):
    data = export("ips-15")
    data["sections"][0]["items"][0]["ladder"] = ladder
    path = tmp_path / "scale.json"
    path.write_text(json.dumps(data), "utf-8")
    before = Scale.objects.count()
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("import_scale", str(path), stdout=StringIO())
    assert Scale.objects.count() == before
