"""Scales that travel to REDCap: a scale version as a REDCap data dictionary and back, and
finalized reviews as REDCap records."""

import csv
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from scales import redcap
from scales.models import Anchor, Item, Scale
from tests.factories import finalize, make_review, make_site, score_all
from tests.scales.test_scale_exchange import export, without_version


def dictionary(code, version=None):
    out = StringIO()
    args = [code, "--redcap"] + (["--version", str(version)] if version else [])
    call_command("export_scale", *args, stdout=out)
    return out.getvalue()


def import_csv(tmp_path, text):
    path = tmp_path / "dictionary.csv"
    path.write_text(text, "utf-8")
    out = StringIO()
    call_command("import_scale", str(path), stdout=out)
    return out.getvalue()


def fields(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("code", "items"), [("ips-25", 25), ("ips-15", 15)])
def test_the_dictionary_imports_back_identically(db, tmp_path, code, items):
    first = dictionary(code)
    assert "v2" in import_csv(tmp_path, first)
    # The same file again, and the same scale in the app's own format (but for the version).
    assert dictionary(code, version=2) == first
    assert without_version(export(code, version=2)) == without_version(export(code))
    assert Item.objects.filter(scale__code=code, scale__version=2).count() == items


def test_the_dictionary_is_one_redcap_form_with_radio_items_and_a_calculated_total(db):
    rows = fields(dictionary("ips-25"))
    assert list(rows[0]) == redcap.COLUMNS
    assert {row["Form Name"] for row in rows} == {"ips_25"}
    assert [row["Variable / Field Name"] for row in rows[:4]] == [
        "record_id",
        "site",
        "visit_date",
        "round",
    ]
    # REDCap's variable names: lower-case letters, digits and underscores, a letter first.
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,25}", row["Variable / Field Name"]) for row in rows)
    items = [row for row in rows if row["Field Type"] == "radio"]
    assert len(items) == 25
    first = items[0]
    assert first["Field Label"] == "1. Case load"
    assert first["Section Header"] == "Personale"
    assert first["Field Note"] == "Caseload size"
    assert first["Required Field?"] == "y"
    choices = [c.strip() for c in first["Choices, Calculations, OR Slider Labels"].split("|")]
    assert [c.split(",")[0] for c in choices] == ["1", "2", "3", "4", "5"]
    assert choices[0] == "1, 41 eller flere aktive IPS-kandidater pr. fuldtids IPS-konsulent."
    assert [row["Section Header"] for row in items if row["Section Header"]] == [
        "Personale",
        "Organisation",
        "Jobtilbud",
    ]
    total = rows[-1]
    assert (total["Variable / Field Name"], total["Field Type"]) == ("total", "calc")
    formula = total["Choices, Calculations, OR Slider Labels"]
    assert formula == "sum(" + ",".join(f"[item_{n}]" for n in range(1, 26)) + ")"
    bands = json.loads(total["Field Annotation"].removeprefix(redcap.BANDS_TAG))
    assert bands[1] == {"label": "God IPS fidelity", "level": "good", "max": 114, "min": 100}


def test_an_anchor_redcap_cannot_hold_as_a_choice_travels_in_the_annotation(db, tmp_path):
    import_csv(tmp_path, dictionary("ips-15"))
    draft = Scale.objects.get(code="ips-15", version=2)
    Anchor.objects.filter(item__scale=draft, item__number=2, score=3).update(
        text="Enten | eller\nto linjer"
    )
    text = dictionary("ips-15", version=2)
    item = next(row for row in fields(text) if row["Variable / Field Name"] == "item_2")
    assert "3, Enten / eller to linjer" in item["Choices, Calculations, OR Slider Labels"]
    import_csv(tmp_path, text)
    assert (
        Anchor.objects.get(
            item__scale__version=3, item__scale__code="ips-15", item__number=2, score=3
        ).text
        == "Enten | eller\nto linjer"
    )
    assert dictionary("ips-15", version=3) == text


def counts():
    return Scale.objects.count(), Item.objects.count(), Anchor.objects.count()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: "a,b,c\n1,2,3\n", "ikke en REDCap-datadictionary"),
        (
            lambda text: re.sub(r'"ipsfidelity\.scale:\{[^\n]*\}"', "", text, count=1),
            "ipsfidelity.scale:",
        ),
        (
            lambda text: text.replace("ipsfidelity.scale:{", "ipsfidelity.scale:{{", 1),
            "Linje 2",
        ),
        (lambda text: text.replace('"1, 41 eller flere', '"1; 41 eller flere', 1), "Linje 6"),
        (lambda text: text.replace(" | 5, 20 eller færre", "", 1), "scorerne 1–5"),
        (
            lambda text: re.sub(r'ipsfidelity\.bands:\[[^\n]*\]"', 'ipsfidelity.bands:[]"', text),
            "interval",
        ),
    ],
)
def test_a_bad_dictionary_is_refused_with_one_line_and_nothing_is_saved(
    db, tmp_path, change, message
):
    text = change(dictionary("ips-25"))
    before = counts()
    with pytest.raises(CommandError) as refused:
        import_csv(tmp_path, text)
    assert message in str(refused.value)
    assert counts() == before


def test_the_scale_page_offers_both_files(client, reviewer):
    scale = Scale.objects.published().get(code="ips-25")
    client.force_login(reviewer)
    page = client.get(reverse("scales:scale_detail", args=[scale.pk])).content.decode()
    assert reverse("scales:scale_download", args=[scale.pk, "csv"]) in page
    response = client.get(reverse("scales:scale_download", args=[scale.pk, "csv"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="ips-25-v1-redcap-datadictionary.csv"'
    )
    assert response.content.decode() == dictionary("ips-25")
    response = client.get(reverse("scales:scale_download", args=[scale.pk, "json"]))
    assert json.loads(response.content) == export("ips-25")
    assert client.get(reverse("scales:scale_download", args=[scale.pk, "xml"])).status_code == 404


def test_finalized_reviews_export_as_redcap_records_of_that_dictionary(
    client, reviewer, placeholder_pdf
):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    make_review(lead=reviewer, scale="ips-15", site=make_site("Kladde Kommune"))  # a draft
    client.force_login(reviewer)
    response = client.get(reverse("overview:export", args=["redcap", "csv"]), {"scale": "ips-15"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    records = list(csv.reader(io.StringIO(response.content.decode())))
    variables = [
        row["Variable / Field Name"]
        for row in fields(dictionary("ips-15"))
        if row["Field Type"] != "calc"
    ]
    # Every field of the form but the calculated total, then the form's status (2: complete).
    assert records[0] == [*variables, "ips_15_complete"]
    assert len(records) == 2
    scores = {s.item.number: s.score for s in review.item_scores.select_related("item")}
    assert records[1] == [
        str(review.pk),
        review.site.name,
        review.visit_date.isoformat(),
        str(review.round),
        *(str(scores[n]) for n in range(1, 16)),
        "2",
    ]
    assert client.get(reverse("overview:export", args=["redcap", "xlsx"])).status_code == 404


def test_an_administrator_loads_a_dictionary_in_the_app(client, admin, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = dictionary("ips-15")
    url = reverse("scales:scale_upload")
    client.force_login(admin)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("ips-15.csv", text.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    draft = Scale.objects.get(code="ips-15", version=2)
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert draft.status == Scale.Status.DRAFT
    assert dictionary("ips-15", version=2) == text
    # A bad file: one-line Danish reasons, nothing saved; a file that is no text at all.
    before = counts()
    broken = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client.post(url, {"file": broken})
    assert response.status_code == 400
    assert "ikke en REDCap-datadictionary" in response.content.decode()
    binary = SimpleUploadedFile("x.json", b"\xff\xfe\x00", content_type="application/json")
    response = client.post(url, {"file": binary})
    assert response.status_code == 400
    assert "ikke UTF-8" in response.content.decode()
    assert counts() == before
    # Only those who edit scales.
    client.force_login(reviewer)
    assert client.get(url).status_code == 403
