"""Outcomes from a CSV file: the template, the import, and row-level errors that save nothing."""

from datetime import date
from decimal import Decimal

import pytest

from outcomes import services
from outcomes.imports import COLUMNS, read_csv, template_csv
from outcomes.models import OutcomePeriod
from sites.models import Site
from tests.factories import make_site

HEADER = ";".join(name for name, _ in COLUMNS)


def csv_bytes(*rows, header=HEADER, encoding="utf-8-sig"):
    return "\r\n".join([header, *rows]).encode(encoding)


def row(**cells):
    values = {name: "" for name, _ in COLUMNS}
    values.update(cells)
    return ";".join(values[name] for name, _ in COLUMNS)


@pytest.fixture
def sites(db):
    return {
        "hjoerring": make_site("Hjørring Kommune", region="Region Nordjylland"),
        "vejle": make_site("Vejle Kommune"),
        "kolding": make_site("Kolding Kommune"),
    }


def read(data, sites, allowed=("hjoerring", "vejle")):
    allowed_sites = Site.objects.filter(pk__in=[sites[key].pk for key in allowed])
    return read_csv(data, allowed_sites=allowed_sites, all_sites=Site.objects.all())


def import_(data, sites, user=None):
    result = read(data, sites)
    assert result.errors == []
    return services.outcomes_import(rows=result.rows, user=user)


def test_the_template_names_every_column_and_the_sites(sites):
    text = template_csv(["Hjørring Kommune", "Vejle Kommune"])
    assert text.startswith("\ufeff" + HEADER + "\r\n")
    assert "Hjørring Kommune;;" in text
    # The untouched template imports as nothing at all: rows with only a site are skipped.
    result = read(text.encode("utf-8"), sites)
    assert result.rows == []
    assert result.skipped == 2


def test_a_good_file_saves_every_row(sites):
    data = csv_bytes(
        row(
            **{
                "sted": "Hjørring Kommune",
                "fra": "1.1.2020",
                "til": "31.12.2020",
                "afsluttede forløb": "124",
                "heraf ordinært job": "37",
                "heraf fleksjob": "2",
                "heraf uddannelse": "30",
                "dage til job eller uddannelse": "308",
                "IPS-årsværk": "7,5",
                "IPS-medarbejdere": "9",
                "mål: andel i job eller uddannelse (%)": "50",
                "kilde": "IPS-dag 5.2.2021",
            }
        ),
        row(sted="vejle kommune", kvartal="2024-K2", **{"kandidater i forløb": "1.300"}),
    )
    assert import_(data, sites) == (2, 0)
    hjoerring = OutcomePeriod.objects.get(site=sites["hjoerring"])
    assert (hjoerring.start, hjoerring.end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert hjoerring.closed_other == 55
    assert hjoerring.staff_fte == Decimal("7.50")
    assert hjoerring.rate("job_or_education") == Decimal(69) / 124
    vejle = OutcomePeriod.objects.get(site=sites["vejle"])
    assert (vejle.start, vejle.end, vejle.candidates_in_course) == (
        date(2024, 4, 1),
        date(2024, 6, 30),
        1300,
    )


def test_a_second_import_of_a_period_replaces_its_figures_and_keeps_missing_columns(sites):
    import_(
        csv_bytes(
            row(
                sted="Vejle Kommune",
                kvartal="2024-K2",
                **{"kandidater i forløb": "20", "nye kandidater": "4"},
            )
        ),
        sites,
    )
    header = "sted;kvartal;kandidater i forløb"
    assert import_(csv_bytes("Vejle Kommune;2024-K2;22", header=header), sites) == (0, 1)
    vejle = OutcomePeriod.objects.get(site=sites["vejle"])
    assert (vejle.candidates_in_course, vejle.new_candidates) == (22, 4)
    assert vejle.history.count() == 2


def test_a_file_from_danish_excel_in_windows_1252_with_commas_reads_too(sites):
    data = 'sted,kvartal,IPS-årsværk\r\nHjørring Kommune,K1 2021,"2,5"\r\n'.encode("cp1252")
    assert import_(data, sites) == (1, 0)
    assert OutcomePeriod.objects.get().staff_fte == Decimal("2.50")


def test_a_bad_file_lists_every_error_by_row_and_column_and_saves_nothing(sites):
    data = csv_bytes(
        row(sted="Hjørring Kommune", kvartal="2024-K1", **{"afsluttede forløb": "10"}),
        row(sted="Kolding Kommune", kvartal="2024-K1"),
        row(sted="Aarhus Kommune", kvartal="2024-K1"),
        row(sted="Vejle Kommune", kvartal="2024-K5"),
        row(sted="Vejle Kommune", fra="1.1.2024"),
        row(sted="Vejle Kommune", kvartal="2024-K1", **{"nye kandidater": "tre"}),
        row(
            sted="Vejle Kommune",
            kvartal="2024-K2",
            **{"afsluttede forløb": "5", "heraf ordinært job": "6"},
        ),
        row(
            sted="Vejle Kommune",
            kvartal="2024-K3",
            **{"kandidater i forløb": "4", "i job eller uddannelse": "5"},
        ),
        row(sted="Vejle Kommune", kvartal="2024-K4", **{"IPS-årsværk": "-1"}),
        row(sted="Hjørring Kommune", kvartal="2024-K1", **{"nye kandidater": "2"}),
        row(sted="Hjørring Kommune", fra="31.12.2024", til="1.1.2024"),
    )
    result = read(data, sites)
    assert result.rows != [] or result.errors
    assert result.errors == [
        "Række 3, kolonne »sted«: du kan ikke indtaste resultater for Kolding Kommune",
        "Række 4, kolonne »sted«: intet sted hedder »Aarhus Kommune«",
        "Række 5, kolonne »kvartal«: skriv kvartalet som f.eks. 2024-K2",
        "Række 6: angiv kvartalet eller både »fra« og »til«.",
        "Række 7, kolonne »nye kandidater«: skal være et helt tal på 0 eller mere",
        "Række 8, kolonne »heraf ordinært job«: Kan ikke være flere end de afsluttede forløb (5).",
        "Række 9, kolonne »i job eller uddannelse«: Kan ikke være flere end kandidaterne i forløb "
        "(4).",
        "Række 10, kolonne »IPS-årsværk«: skal være et tal fra 0 til 9999",
        "Række 11: samme sted og periode som række 2.",
        "Række 12, kolonne »til«: Perioden kan ikke slutte, før den begynder.",
    ]
    assert OutcomePeriod.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "Filen er tom. Brug skabelonen."),
        (
            b"sted;antal\r\nVejle Kommune;3",
            "Ukendt kolonne »antal«. Brug skabelonens kolonnenavne.",
        ),
        (b"kvartal\r\n2024-K1", "Kolonnen »sted« mangler."),
        (csv_bytes(), "Filen har ingen rækker med tal."),
        (b"x" * 2_000_001, "Filen er større end 2 MB."),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_with_a_reason(sites, data, error):
    assert read(data, sites).errors == [error]


def test_a_nul_character_is_refused_on_any_database(sites):
    data = csv_bytes(row(sted="Vejle Kommune", kvartal="2024-K1", kilde="Jobcenter\x00"))
    assert read(data, sites).errors == [
        "Række 2, kolonne »kilde«: indeholder et NUL-tegn",
    ]
