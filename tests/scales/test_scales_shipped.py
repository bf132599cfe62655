import json
from io import StringIO

import pytest
from django.core.management import call_command

from scales.models import Scale
from scales.scoring import TotalOutOfRange

IPS25_NAMES = [
    "Case load",
    "Beskæftigelsestilbud",
    "Jobgeneralister",
    "Integration af beskæftigelsesindsatsen i psykiatrien",
    "Integration af IPS i psykiatrien ved hjælp af hyppig kontakt med teammedlemmer",
    "Samarbejde mellem IPS-konsulenter og kommunale jobkonsulenter (sagsbehandlere)",
    "IPS-teamet",
    "IPS-lederens rolle",
    "Kriterier for at alle kan deltage",
    "Teamets fokus på ordinær beskæftigelse",
    "Den øverste ledelses støtte til IPS",
    "Vejledning i arbejdets indflydelse på sociale ydelser",
    "Åbenhed om sygdom",
    "Løbende arbejdsvurdering",
    "Hurtig jobsøgning",
    "Individualiseret jobsøgning",
    "Jobudvikling – hyppig arbejdsgiverkontakt",
    "Jobudvikling – kvaliteten af arbejdsgiverkontakten",
    "En bred vifte af jobtyper",
    "Mange forskellige arbejdsgivere",
    "Ordinære job",
    "Individualiseret sideløbende støtte",
    "Tidsubegrænset sideløbende støtte",
    "Jobtilbud baseret på nærmiljø",
    "Opsøgende kontakt",
]


def export(code):
    out = StringIO()
    call_command("export_scale", code, stdout=out)
    return json.loads(out.getvalue())


def items_of(data):
    return [item for section in data["sections"] for item in section["items"]]


@pytest.mark.parametrize(
    ("code", "sections", "year"),
    [
        ("ips-25", [("Personale", 3), ("Organisation", 8), ("Jobtilbud", 14)], 2008),
        ("ips-15", [("Normering", 3), ("Organisering", 3), ("Indsats", 9)], 2003),
    ],
)
def test_every_new_database_ships_the_scale_published(db, code, sections, year):
    data = export(code)
    assert data["status"] == "published"
    assert data["edition_year"] == year
    assert [(s["name"], len(s["items"])) for s in data["sections"]] == sections
    items = items_of(data)
    assert [item["number"] for item in items] == list(range(1, len(items) + 1))
    for item in items:
        assert [a["score"] for a in item["anchors"]] == [1, 2, 3, 4, 5]
        assert all(a["text"].strip() for a in item["anchors"])
        assert item["definition"].strip()
        assert item["guidance"].strip()


def test_ips25_items_are_named_as_in_the_vejle_review(db):
    assert [item["name"] for item in items_of(export("ips-25"))] == IPS25_NAMES


def test_ips25_anchors_carry_the_numeric_ladders(db):
    caseload = items_of(export("ips-25"))[0]
    texts = [a["text"] for a in caseload["anchors"]]
    assert texts[0].startswith("41 eller flere")
    assert texts[1].startswith("31–40")
    assert texts[4].startswith("20 eller færre")


@pytest.mark.parametrize(
    ("code", "bands"),
    [
        (
            "ips-25",
            [
                (115, 125, "Eksemplarisk IPS fidelity"),
                (100, 114, "God IPS fidelity"),
                (74, 99, "Nogenlunde IPS fidelity"),
                (25, 73, "Ikke IPS"),
            ],
        ),
        (
            "ips-15",
            [
                (66, 75, "God IPS implementering"),
                (56, 65, "Rimelig IPS implementering"),
                (15, 55, "Ikke IPS"),
            ],
        ),
    ],
)
def test_bands_are_exactly_as_published(db, code, bands):
    assert [(b["min"], b["max"], b["label"]) for b in export(code)["bands"]] == bands


@pytest.mark.parametrize(
    ("code", "total", "label"),
    [
        ("ips-25", 25, "Ikke IPS"),
        ("ips-25", 73, "Ikke IPS"),
        ("ips-25", 74, "Nogenlunde IPS fidelity"),
        ("ips-25", 99, "Nogenlunde IPS fidelity"),
        ("ips-25", 100, "God IPS fidelity"),
        ("ips-25", 101, "God IPS fidelity"),
        ("ips-25", 114, "God IPS fidelity"),
        ("ips-25", 115, "Eksemplarisk IPS fidelity"),
        ("ips-25", 125, "Eksemplarisk IPS fidelity"),
        ("ips-15", 15, "Ikke IPS"),
        ("ips-15", 55, "Ikke IPS"),
        ("ips-15", 56, "Rimelig IPS implementering"),
        ("ips-15", 65, "Rimelig IPS implementering"),
        ("ips-15", 66, "God IPS implementering"),
        ("ips-15", 75, "God IPS implementering"),
    ],
)
def test_totals_land_in_the_right_band(db, code, total, label):
    scale = Scale.objects.published().get(code=code)
    assert scale.band_for(total).label == label


@pytest.mark.parametrize(("code", "total"), [("ips-25", 24), ("ips-25", 126), ("ips-15", 76)])
def test_a_total_outside_the_range_is_an_error_not_a_missing_band(db, code, total):
    scale = Scale.objects.published().get(code=code)
    with pytest.raises(TotalOutOfRange):
        scale.band_for(total)


def test_shipped_scales_pass_their_own_validation(db):
    for scale in Scale.objects.all():
        assert scale.validation_errors() == []
