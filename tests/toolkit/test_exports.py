"""CSV for Danish Excel: semicolons, a BOM, decimal commas, no formulas."""

from decimal import Decimal

from toolkit.exports import csv_response


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_numbers_with_decimals_are_written_with_a_decimal_comma():
    response = csv_response(
        "x.csv", ["Kappa", "Middel", "Antal", "Tekst"], [[0.601, Decimal("3.7"), 12, "0.5"]]
    )
    lines = body(response).splitlines()
    assert lines[0] == "\ufeffKappa;Middel;Antal;Tekst"
    assert lines[1] == "0,601;3,7;12;0.5"  # text stays as it was written


def test_a_cell_that_looks_like_a_formula_is_text():
    lines = body(csv_response("x.csv", ["A"], [["=1+1"], ["-3"]])).splitlines()
    assert lines[1:] == ["'=1+1", "'-3"]
