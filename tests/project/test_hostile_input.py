"""Every autosave field and every form field against a table of hostile values per field type:
no request may answer 500, and a refused autosave changes nothing.

The fields are discovered, not listed: autosave fields from `services.AUTOSAVE_FIELDS`, form
fields by parsing the forms on every page of the permission matrix for each persona. A field
added later is covered without touching this file; a new autosave model fails
`test_every_autosave_model_has_an_endpoint` until it gets one here.
"""

import csv
import io
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from outcomes.imports import COLUMNS as IMPORT_COLUMNS
from outcomes.models import OutcomePeriod
from reviews import services
from reviews.models import EvidenceSource, ImprovementArea, ItemScore, Rating, Review
from tests.clients import Client
from tests.factories import (
    confirm_outcome_import,
    finalize,
    make_review,
    make_site,
    make_user,
    open_consensus,
    score_all,
)
from tests.project.test_permissions import EXPECTED, World
from visits.models import Note, Session

TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1; --",
    "{{ 7|add:7 }}{% debug %}",
    "\u202eevil\ufeff",
    "💥" * 3000,
    "æ" * 20_001,
    "\r\n" * 6000,
    "x" * 120_000,
]
NUMBER = [
    "",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "32767",
    "32768",
    "2147483648",
    "3000000000",
    "9223372036854775808",
    "99999999999999999999",
    "9" * 5000,
    "٣",
    " 7 ",
    "0x10",
]
DATE = [
    "",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "-1",
    "99999999999",
    "1/1/2026",
    "2026-10-01T25:00",
    "x" * 5000,
    # Dates a calendar holds that the app's windows refuse.
    "1999-12-31",
    "2100-01-01",
]
CHOICE = ["", "nope", "\x00", "-1", "0", "99999999999999999999", "x" * 5000]
BY_TYPE = {
    "CharField": TEXT,
    "TextField": TEXT,
    "PositiveSmallIntegerField": NUMBER + CHOICE,
    "PositiveIntegerField": NUMBER,
    "IntegerField": NUMBER,
    "DateField": DATE,
    # The calculators' observed figures: typed as text, read as numbers.
    "JSONField": TEXT + NUMBER,
}
BY_INPUT = {
    "text": TEXT,
    "textarea": TEXT,
    "password": TEXT,
    "search": TEXT,
    "email": TEXT,
    "number": NUMBER,
    "date": DATE,
}


def autosave_values(model, name):
    field = model._meta.get_field(name)
    values = BY_TYPE[field.get_internal_type()]
    return values + CHOICE if field.choices else values


# What answers a save of each autosave model, and which object of the world it saves.
ENDPOINTS = {
    Review: lambda w: (reverse("reviews:save_header", args=[w.single.pk]), w.single),
    ItemScore: lambda w: (reverse("reviews:save_item", args=[w.single.pk, w.row.pk]), w.row),
    EvidenceSource: lambda w: (
        reverse("reviews:save_evidence", args=[w.single.pk, w.evidence.pk]),
        w.evidence,
    ),
    ImprovementArea: lambda w: (
        reverse("reviews:save_area", args=[w.single.pk, w.area.pk]),
        w.area,
    ),
    Rating: lambda w: (
        reverse("reviews:save_rating", args=[w.pair.pk, w.rating.item_id]),
        w.rating,
    ),
}


class Autosave:
    def __init__(self, reviewer, other_reviewer):
        self.single = make_review(lead=reviewer, scale="ips-15")
        self.row = self.single.item_scores.order_by("item__number").first()
        self.evidence = services.row_add(review=self.single, model=EvidenceSource)
        self.area = services.row_add(review=self.single, model=ImprovementArea)
        self.pair = make_review(
            lead=reviewer,
            co_reviewers=[other_reviewer],
            site=make_site("Kolding Kommune"),
            scale="ips-15",
        )
        link = self.pair.reviewer_links.get(user=reviewer)
        self.rating = services.rating_for(link=link, item=self.pair.scale.items.first())


def stored(obj, field) -> str:
    """The field as the autosave's answer shows it (reviews.views.autosave)."""
    from reviews.views.autosave import field_values

    return field_values(obj)[field]


def test_every_autosave_model_has_an_endpoint():
    assert set(ENDPOINTS) == set(services.AUTOSAVE_FIELDS)


@pytest.mark.parametrize("model", list(services.AUTOSAVE_FIELDS), ids=lambda m: m.__name__)
def test_no_hostile_autosave_value_gives_a_500_or_a_silent_change(model, reviewer, other_reviewer):
    world = Autosave(reviewer, other_reviewer)
    url, obj = ENDPOINTS[model](world)
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    failures = []
    for field in services.AUTOSAVE_FIELDS[model]:
        for value in autosave_values(model, field):
            obj.refresh_from_db()
            before = obj.version
            response = client.post(
                url,
                urlencode({"field": field, "value": value, "version": before}),
                content_type="application/x-www-form-urlencoded",
                HTTP_ACCEPT="application/json",
            )
            data = response.json() if response["Content-Type"] == "application/json" else {}
            obj.refresh_from_db()
            # Reported saved: the row moved on and holds what the answer says it holds.
            saved = (
                response.status_code == 200
                and data.get("ok")
                and obj.version == before + 1
                and stored(obj, field) == data["values"][field]
            )
            refused = (
                response.status_code in (400, 413) and data.get("error") and obj.version == before
            )
            ok = saved or refused
            if not ok:
                failures.append((field, value[:40], response.status_code, data))
    assert failures == []


@pytest.mark.parametrize(
    ("field", "version"),
    [
        ("", "1"),
        ("status", "1"),
        ("version", "1"),
        ("review_id", "1"),
        ("__class__", "1"),
        ("x" * 5000, "1"),
        ("summary", ""),
        ("summary", "x"),
        ("summary", "-1"),
        ("summary", "99999999999999999999"),
        ("summary", "9" * 5000),
        ("summary", "1e5"),
    ],
)
def test_hostile_field_names_and_versions_change_nothing(client, reviewer, field, version):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_header", args=[review.pk]),
        {"field": field, "value": "x", "version": version},
    )
    assert response.status_code in (400, 409)
    review.refresh_from_db()
    assert (review.version, review.summary, review.status) == (1, "", "draft")


def test_invalid_utf8_in_an_autosave_is_not_a_500(client, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:save_header", args=[review.pk]),
        b"field=summary&value=%ff%fe%ed%a0%80&version=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.summary == "\ufffd\ufffd\ufffd\ufffd\ufffd"


class FormParser(HTMLParser):
    """The forms of a page: action, method and each named field with its type and default."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": attrs.get("method", "get"),
                "fields": {},
            }
            self.forms.append(self._form)
        if self._form is None:
            return  # the autosave fields live outside forms; see the autosave test above
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag in ("input", "button") and name:
            kind = attrs.get("type", "text" if tag == "input" else "submit")
            checked = kind not in ("radio", "checkbox") or "checked" in attrs
            default = attrs.get("value", "") if checked else fields.get(name, ("", ""))[1]
            fields[name] = (kind, default)
        elif tag == "textarea" and name:
            fields[name] = ("textarea", "")
        elif tag == "select" and name:
            self._select = name
            fields[name] = ("select", "")
        elif tag == "option" and self._select:
            kind, default = fields[self._select]
            if "selected" in attrs or not default:
                fields[self._select] = (kind, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


@pytest.fixture
def pages(reviewer, other_reviewer, leader, admin, monkeypatch):
    """Every GET page of the permission matrix for a draft with a co-reviewer and rows, a
    lone draft and a finalized review (a placeholder PDF: forms are the subject here)."""
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    site = make_site("Vejle Kommune", leaders=[leader])
    make_user("third_reviewer", role=roles.REVIEWER)
    pair = make_review(lead=reviewer, site=site, scale="ips-15", co_reviewers=[other_reviewer])
    agreeing = open_consensus(
        make_review(
            lead=reviewer,
            site=site,
            scale="ips-15",
            co_reviewers=[other_reviewer],
            visit_date="2026-12-01",
        )
    )
    single = make_review(lead=reviewer, site=site, scale="ips-15", visit_date="2026-11-01")
    done = finalize(
        score_all(make_review(lead=reviewer, site=site, visit_date="2025-01-01")), reviewer
    )
    urls = set()
    for review in (pair, agreeing, single, done):
        evidence = (
            services.row_add(review=review, model=EvidenceSource)
            if not review.is_finalized
            else None
        )
        area = (
            services.row_add(review=review, model=ImprovementArea)
            if not review.is_finalized
            else None
        )
        # The visit's forms (a note its author changes) on the drafts.
        session = note = None
        if not review.is_finalized:
            session = Session.objects.create(
                review=review, kind="interview", title="Lederen", created_by=reviewer
            )
            note = Note.objects.create(session=session, author=reviewer, text="En note.")
        world = World(
            review, review.item_scores.first(), evidence, area, session=session, note=note
        )
        for name, expect in EXPECTED.items():
            kwargs = expect.kwargs
            if expect.method != "GET" or (
                not evidence and kwargs.__name__ in ("evidence_kwargs", "area_kwargs")
            ):
                continue
            if note is None and name.startswith("visits:note"):
                continue
            urls.add(reverse(name, kwargs=kwargs(world)))
    return sorted(urls)


def discovered_forms(client, urls):
    forms = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        parser = FormParser()
        parser.feed(response.text)
        for form in parser.forms:
            action = form["action"] or url
            if urlsplit(action).path.startswith("/admin/"):
                continue  # Django's own admin forms
            fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            forms[(action, form["method"].lower(), tuple(sorted(fields)))] = fields
    return forms


def logged_in(client) -> bool:
    """Whether the client still holds a session cookie (logging out deletes it)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return bool(cookie and cookie.value)


def values_for(kind):
    return BY_INPUT.get(kind, [*CHOICE, "1", "2"])


@pytest.mark.parametrize("persona", ["anonymous", "reviewer", "leader", "admin"])
def test_no_hostile_form_value_gives_a_500(request, persona, pages):
    client = Client(raise_request_exception=False)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user:
        client.force_login(user)
    forms = discovered_forms(client, pages)
    assert forms, "no forms found"
    failures = []
    for (action, method, _names), fields in forms.items():
        for name, (kind, _default) in fields.items():
            for value in values_for(kind):
                data = {k: default for k, (_, default) in fields.items()}
                data[name] = value
                if user and not logged_in(client):
                    client.force_login(user)  # a logout form ended the session
                if method == "post":
                    response = client.post(action, data)
                else:
                    response = client.get(action, data)
                if response.status_code >= 500:
                    failures.append((action, name, value[:40], response.status_code))
    assert failures == []


# --- the CSV import of outcome figures ---------------------------------------------------

QUARTERS = ["0000-K1", "9999-K4", "2024-K5", "2024-K0", "K2 99999", *TEXT]


def csv_values(column):
    if column == "quarter":
        return QUARTERS
    if column in ("start", "end"):
        return DATE
    if column in ("site", "source"):
        return TEXT
    return NUMBER


def csv_file(values: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([name for name, _field in IMPORT_COLUMNS])
    writer.writerow([values.get(field, "") for _name, field in IMPORT_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def figures():
    return list(OutcomePeriod.objects.order_by("pk").values())


@pytest.mark.parametrize("column", [field for _name, field in IMPORT_COLUMNS])
def test_no_hostile_csv_value_gives_a_500_or_a_false_report(leader, column):
    site = make_site(leaders=[leader])
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    url = reverse("outcomes:outcomes_import")
    failures = []
    for value in csv_values(column):
        row = {"site": site.name, "quarter": "2024-K1", "closed_courses": "10", column: value}
        if column in ("start", "end"):
            row["quarter"] = ""
            row.setdefault("end" if column == "start" else "start", "2024-01-01")
        before = figures()
        upload = SimpleUploadedFile("resultater.csv", csv_file(row), content_type="text/csv")
        response = client.post(url, {"file": upload})
        if response.status_code == 200:
            # The preview saves nothing; confirming it does.
            if figures() != before or 'data-testid="import-preview"' not in response.text:
                failures.append((column, value[:40], "preview"))
            response = confirm_outcome_import(client, response)
        after = figures()
        if response.status_code == 302:
            # Reported imported: one period, now holding the file's figures.
            page = client.get(response.url).text  # the site's page
            honest = "1 periode importeret" in page and len(after) == 1 and after != before
        else:
            honest = response.status_code == 400 and after == before and "Række 2" in response.text
        if not honest:
            failures.append((column, value[:40], response.status_code))
        OutcomePeriod.objects.all().delete()
    assert failures == []
