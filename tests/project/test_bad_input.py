"""The probe's bad input, one test each: a clear Danish message (or a one-line command error
with a non-zero exit) and nothing changed. The sweep over every field is test_hostile_input."""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviews import services
from reviews.models import EvidenceSource, Review
from scales.models import Scale
from tests.clients import Client
from tests.factories import finalize, make_review, score_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def review(reviewer):
    return make_review(lead=reviewer, scale="ips-15")


@pytest.fixture
def evidence(review):
    return services.row_add(review=review, model=EvidenceSource)


@pytest.mark.parametrize("value", ["32768", "40000", "3000000000", "99999999999999999999", "-1"])
def test_an_evidence_count_out_of_range_is_refused_in_danish(
    client, reviewer, review, evidence, value
):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_evidence", args=[review.pk, evidence.pk]),
        {"field": "count", "value": value, "version": evidence.version},
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("Antal: ")
    evidence.refresh_from_db()
    assert (evidence.count, evidence.version) == (None, 1)


def test_the_largest_evidence_count_is_saved(client, reviewer, review, evidence):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_evidence", args=[review.pk, evidence.pk]),
        {"field": "count", "value": "9999", "version": evidence.version},
    )
    assert response.json()["ok"]
    evidence.refresh_from_db()
    assert evidence.count == 9999


def huge_save(client, review, accept="application/json"):
    # Form-encoded like the page's fetch(): each "æ" takes 6 bytes, 3 MB in all.
    body = urlencode({"field": "summary", "value": "æ" * 500_000, "version": review.version})
    return client.post(
        reverse("reviews:save_header", args=[review.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT=accept,
    )


def test_an_autosave_over_the_request_limit_gets_a_json_413(client, reviewer, review):
    client.force_login(reviewer)
    response = huge_save(client, review)
    assert response.status_code == 413
    assert response.json() == {
        "ok": False,
        "error": "Teksten er alt for lang til at blive gemt. Intet er ændret.",
        "too_large": True,
    }
    review.refresh_from_db()
    assert (review.summary, review.version) == ("", 1)


def test_other_fields_still_save_after_a_refused_huge_one(client, reviewer, review):
    client.force_login(reviewer)
    huge_save(client, review)
    response = client.post(
        reverse("reviews:save_header", args=[review.pk]),
        {"field": "general_comments", "value": "Kort tekst", "version": review.version},
    )
    assert response.json()["ok"]


def test_a_browser_posting_too_much_gets_the_danish_page(client, reviewer, review):
    client.force_login(reviewer)
    response = huge_save(client, review, accept="text/html")
    assert response.status_code == 413
    assert "alt for stort til at blive modtaget" in response.text


def test_a_text_over_the_field_limit_names_the_field(client, reviewer, review):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_header", args=[review.pk]),
        {"field": "summary", "value": "a" * 20_001, "version": review.version},
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("Resumé: ")
    assert "20000" in response.json()["error"]


def scale_file(tmp_path, change=None, text=None):
    data = json.loads((ROOT / "scales/migrations/data/ips-15-v1.json").read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / "scale.json"
    path.write_text(text if text is not None else json.dumps(data), encoding="utf-8")
    return path


def set_year(year):
    return lambda data: data.update(edition_year=year)


def first_item(**values):
    return lambda data: data["sections"][0]["items"][0].update(values)


IMPORTS = {
    # Refused as it is read, before a model sees it.
    "year 10**30": (set_year(10**30), "har 31 cifre"),
    "year -5": (set_year(-5), "udgaveår"),
    "year 40000": (set_year(40000), "udgaveår"),
    "item number 10**20": (first_item(number=10**20), "har 21 cifre"),
    "NUL in a name": (first_item(name="Sags\x00stamme"), "NUL"),
    "code not a slug": (lambda data: data.update(code="ips 15/ny"), "slug"),
}


@pytest.mark.parametrize("case", IMPORTS)
def test_import_scale_refuses_values_the_database_cannot_hold(db, tmp_path, case):
    change, word = IMPORTS[case]
    before = Scale.objects.count()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_scale", str(scale_file(tmp_path, change)))
    assert "cifre" in word or "Intet blev importeret" in str(excinfo.value)
    assert word in str(excinfo.value)
    assert Scale.objects.count() == before


def test_import_scale_refuses_duplicate_keys(db, tmp_path):
    text = '{"format": "ipsfidelity.scale/1", "code": "ips-15", "code": "ips-99"}'
    with pytest.raises(CommandError, match="Nøglen 'code' står to gange"):
        call_command("import_scale", str(scale_file(tmp_path, text=text)))


def test_import_scale_refuses_deep_nesting_with_one_line_and_a_non_zero_exit(tmp_path):
    path = scale_file(tmp_path, text="[" * 200_000 + "]" * 200_000)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_scale", str(path)],
        cwd=ROOT,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {path}: JSON'en er alt for dybt indlejret til at være en skala."
    ]


def test_the_admin_cannot_revert_a_finalized_review_to_an_old_version(admin, reviewer):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    first = Review.history.filter(id=review.pk).order_by("history_id").first()
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    url = reverse("admin:reviews_review_history", args=[review.pk]) + f"{first.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"visit_date": "2020-01-01", "kind": "self"}, follow=True)
    assert response.status_code == 200
    assert "Reviewet er afsluttet og kan ikke ændres" in response.text
    review.refresh_from_db()
    assert (review.is_finalized, str(review.visit_date), review.kind) == (
        True,
        "2026-10-01",
        "external",
    )


def test_import_scale_refuses_a_number_of_thousands_of_digits_in_one_danish_line(db, tmp_path):
    text = json.dumps({"format": "ipsfidelity.scale/1", "code": "ips-15"})[:-1]
    path = scale_file(tmp_path, text=text + ', "edition_year": ' + "9" * 5000 + "}")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_scale", str(path))
    assert str(excinfo.value) == (
        f"{path}: Tallet 999999999999… har 5000 cifre; intet tal i en skala er så stort."
    )


def test_import_scale_says_where_the_json_is_broken_in_danish(db, tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_scale", str(scale_file(tmp_path, text='{"code": }')))
    assert str(excinfo.value).endswith("Filen er ikke gyldig JSON (linje 1, kolonne 10).")


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_send_due_notices_refuses_a_date_outside_the_apps_range(db, date):
    with pytest.raises(CommandError) as excinfo:
        call_command("send_due_notices", "--date", date)
    assert "Vælg en dato fra 1. januar 2000" in str(excinfo.value)
