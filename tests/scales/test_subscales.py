"""Subscales: a set of items with its own total, maximum and bands."""

import pytest
from django.core.exceptions import ValidationError

from scales import redcap
from scales.exchange import scale_export
from scales.models import Scale, Subscale
from scales.services import scale_create_version, scale_import
from tests.factories import TWO_PART_CODE, make_two_part_scale, two_part_scale_data


def test_a_two_part_scale_imports_with_its_subscales_and_their_bands(db):
    scale = make_two_part_scale()
    first, second = scale.subscales.all()
    assert (first.name, first.items.count(), second.name, second.items.count()) == (
        "Beskæftigelsesdelen",
        25,
        "Uddannelsesdelen",
        10,
    )
    assert not scale.has_overall_total
    assert first.band_for(100).label == "God"
    assert second.band_for(45).label == "God"
    assert second.band_for(46).label == "Eksemplarisk"
    assert scale.validation_errors() == []


def test_the_exchange_format_and_redcap_carry_the_subscales_both_ways(db):
    scale = make_two_part_scale()
    data = scale_export(scale)
    assert data["subscales"] == two_part_scale_data()["subscales"]
    # A new version copies them, and the REDCap dictionary brings them back identically.
    draft = scale_create_version(scale=scale)
    assert scale_export(draft)["subscales"] == data["subscales"]
    text = redcap.to_csv(redcap.dictionary_rows(data))
    rows = [row for row in redcap.dictionary_rows(data) if row[0].startswith("subscale_")]
    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("subscale_1", "calc", "Beskæftigelsesdelen"),
        ("subscale_2", "calc", "Uddannelsesdelen"),
    ]
    assert rows[1][5] == "sum(" + ",".join(f"[item_{n}]" for n in range(26, 36)) + ")"
    again = scale_import(data=redcap.scale_data(text))
    assert redcap.to_csv(redcap.dictionary_rows(scale_export(again))) == text


def test_a_scale_without_subscales_exports_as_before(db):
    assert "subscales" not in scale_export(Scale.objects.published().get(code="ips-25"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["subscales"][1]["items"].append(3), "kun tælle med i én delskala"),
        (lambda d: d["subscales"][1]["items"].append(99), "skalaen ikke har: 99"),
        (lambda d: d["subscales"][1]["bands"].pop(), "Uddannelsesdelen: "),
        (lambda d: d["subscales"][0].update(items=[]), "har ingen items"),
    ],
)
def test_a_broken_subscale_is_refused_and_nothing_is_created(db, change, message):
    data = two_part_scale_data()
    change(data)
    with pytest.raises(ValidationError) as refused:
        scale_import(data=data)
    assert message in " ".join(refused.value.messages)
    assert not Scale.objects.filter(code=TWO_PART_CODE).exists()
    assert not Subscale.objects.exists()
