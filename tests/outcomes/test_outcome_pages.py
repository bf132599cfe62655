"""Entering outcomes in the form and by CSV, and the site page showing them beside fidelity."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outcomes import services
from outcomes.imports import COLUMNS
from outcomes.models import OutcomePeriod
from tests.clients import Client
from tests.factories import confirm_outcome_import, finalize, make_review, make_site, score_all


@pytest.fixture
def site(leader):
    return make_site("Hjørring Kommune", region="Region Nordjylland", leaders=[leader])


def form_data(**values):
    data = {"quarter": "", "start": "", "end": "", "source": ""}
    data.update({key: str(value) for key, value in values.items()})
    return data


def test_a_leader_enters_a_quarter_and_sees_the_rate_on_the_site_page(client, leader, site):
    client.force_login(leader)
    response = client.post(
        reverse("outcomes:outcome_period_create", args=[site.pk]),
        form_data(
            quarter="2024-K2",
            closed_courses=20,
            closed_ordinary_job=7,
            closed_flexjob=1,
            closed_education=3,
            staff_fte="2,5",
            staff_people=3,
            source="Jobcentrets kvartalsopgørelse",
        ),
    )
    assert response.status_code == 302
    period = OutcomePeriod.objects.get(site=site)
    assert (period.start, period.end, period.updated_by) == (
        datetime.date(2024, 4, 1),
        datetime.date(2024, 6, 30),
        leader,
    )
    page = client.get(response.url).text
    assert "2. kvartal 2024" in page
    assert "55 %" in page  # (7 + 1 + 3) / 20
    assert "Jobcentrets kvartalsopgørelse" in page
    assert 'class="chart outcome-chart"' in page


def test_counts_that_contradict_each_other_are_refused_in_danish(client, reviewer, site):
    make_review(lead=reviewer, site=site)
    client.force_login(reviewer)
    response = client.post(
        reverse("outcomes:outcome_period_create", args=[site.pk]),
        form_data(
            start="2024-01-01",
            end="2023-12-31",
            closed_courses=5,
            closed_ordinary_job=6,
            candidates_in_course=3,
            in_job_or_education=4,
        ),
    )
    assert response.status_code == 200
    page = response.text
    assert "Perioden kan ikke slutte, før den begynder." in page
    assert "Kan ikke være flere end de afsluttede forløb (5)." in page
    assert "Kan ikke være flere end kandidaterne i forløb (3)." in page
    assert not OutcomePeriod.objects.exists()
    # Summed up at the top, focused, each field's error a link to the field.
    summary = page[page.index('id="error-summary"') :].split("</div>")[0]
    assert "autofocus" in summary
    assert "Formularen har" in summary
    assert 'href="#id_closed_ordinary_job"' in summary
    assert 'href="#id_in_job_or_education"' in summary
    assert "Perioden kan ikke slutte, før den begynder." in summary


def test_a_period_needs_a_quarter_or_both_dates(client, leader, site):
    client.force_login(leader)
    page = client.post(
        reverse("outcomes:outcome_period_create", args=[site.pk]), form_data(start="2024-01-01")
    ).text
    assert "Angiv enten et kvartal eller begge periodens datoer." in page
    page = client.post(
        reverse("outcomes:outcome_period_create", args=[site.pk]), form_data(quarter="2024-K7")
    ).text
    assert "Skriv kvartalet som f.eks. 2024-K2." in page


def test_a_period_can_be_changed_and_deleted_and_the_history_keeps_it(client, leader, site):
    period = OutcomePeriod.objects.create(
        site=site, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31)
    )
    client.force_login(leader)
    url = reverse("outcomes:outcome_period_edit", args=[site.pk, period.pk])
    client.post(url, form_data(start="2020-01-01", end="2020-12-31", closed_courses=124, version=1))
    period.refresh_from_db()
    assert period.closed_courses == 124
    client.post(reverse("outcomes:outcome_period_delete", args=[site.pk, period.pk]))
    assert not OutcomePeriod.objects.exists()
    assert OutcomePeriod.history.filter(history_type="-").get().closed_courses == 124


def test_two_people_changing_one_period_lose_nothing(client, leader, reviewer_leader, site):
    site.leaders.add(reviewer_leader)
    period = OutcomePeriod.objects.create(
        site=site, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31)
    )
    url = reverse("outcomes:outcome_period_edit", args=[site.pk, period.pk])
    first, second = client, Client()
    first.force_login(leader)
    second.force_login(reviewer_leader)
    dates = {"start": "2020-01-01", "end": "2020-12-31", "version": period.version}
    first.post(url, form_data(closed_courses=124, **dates))
    response = second.post(url, form_data(closed_courses=99, **dates))
    assert "Nogen andre gemte dette, mens du redigerede det" in response.text
    period.refresh_from_db()
    assert period.closed_courses == 124
    assert period.history.count() == 2


def test_two_people_creating_the_same_period_at_once_get_a_danish_message(
    client, leader, site, monkeypatch
):
    """The form checked that the period is free; someone saves it before this save does."""
    client.force_login(leader)
    real = services.create_once

    def someone_else_first(make):
        OutcomePeriod.objects.create(
            site=site, start=datetime.date(2024, 4, 1), end=datetime.date(2024, 6, 30)
        )
        return real(make)

    monkeypatch.setattr(services, "create_once", someone_else_first)
    response = client.post(
        reverse("outcomes:outcome_period_create", args=[site.pk]),
        form_data(quarter="2024-K2", closed_courses=10),
    )
    assert response.status_code == 200
    assert "Nogen gemte tal for denne periode af stedet lige nu" in response.text
    assert OutcomePeriod.objects.count() == 1


def test_a_period_of_another_site_is_not_found(client, leader, site, other_leader):
    other = make_site("Kolding Kommune", leaders=[other_leader])
    period = OutcomePeriod.objects.create(
        site=other, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31)
    )
    client.force_login(leader)
    assert (
        client.get(reverse("outcomes:outcome_period_edit", args=[site.pk, period.pk])).status_code
        == 404
    )


def upload(client, text):  # the first step: check the file and see what it changes
    file = SimpleUploadedFile("resultater.csv", text.encode("utf-8-sig"), "text/csv")
    return client.post(reverse("outcomes:outcomes_import"), {"file": file})


def test_the_template_and_a_good_import(client, leader, site):
    client.force_login(leader)
    template = client.get(reverse("outcomes:outcomes_template"))
    assert template["Content-Disposition"] == 'attachment; filename="resultater-skabelon.csv"'
    lines = template.content.decode("utf-8-sig").splitlines()
    assert lines == [";".join(name for name, _ in COLUMNS), "Hjørring Kommune" + ";" * 18]
    response = upload(client, "sted;kvartal;kandidater i forløb\r\nHjørring Kommune;2024-K1;12\r\n")
    # First what the file will change, and nothing saved yet.
    assert response.status_code == 200
    preview = " ".join(response.text.split())
    assert "Hjørring Kommune, 1. kvartal 2024</strong> – en ny periode" in preview
    assert "Kandidater i forløb: <strong>12</strong>" in preview
    assert not OutcomePeriod.objects.exists()
    response = confirm_outcome_import(client, response)
    assert response.status_code == 302
    assert response.url == reverse("overview:site_detail", args=[site.pk]) + "#outcomes"
    assert OutcomePeriod.objects.get().candidates_in_course == 12
    page = client.get(response.url).text
    assert "1 periode importeret: 1 nye, 0 opdateret." in page


def test_the_preview_shows_old_and_new_figures_and_refuses_figures_changed_since(
    client, leader, site
):
    period = OutcomePeriod.objects.create(
        site=site,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 3, 31),
        candidates_in_course=10,
        closed_courses=4,
    )
    client.force_login(leader)
    text = "sted;kvartal;kandidater i forløb;afsluttede forløb\r\nHjørring Kommune;2024-K1;12;4\r\n"
    response = upload(client, text)
    preview = " ".join(response.text.split())
    preview = preview[preview.index('data-testid="import-preview"') :].split("</section>")[0]
    assert "opdaterer de gemte tal" in preview
    assert "Kandidater i forløb: 10 → <strong>12</strong>" in preview
    assert "Afsluttede forløb" not in preview  # unchanged figures are not listed
    # Someone saves the period after the preview: confirming saves nothing and shows anew.
    OutcomePeriod.objects.filter(pk=period.pk).update(candidates_in_course=11, version=2)
    refused = confirm_outcome_import(client, response)
    assert refused.status_code == 409
    assert "Nogen har ændret tallene for Hjørring Kommune" in refused.text
    assert "Kandidater i forløb: 11 → <strong>12</strong>" in " ".join(refused.text.split())
    assert OutcomePeriod.objects.get().candidates_in_course == 11
    # Confirming the fresh preview saves it.
    assert confirm_outcome_import(client, refused).status_code == 302
    assert OutcomePeriod.objects.get().candidates_in_course == 12


def test_a_confirmation_without_its_checked_file_saves_nothing(client, leader, site):
    client.force_login(leader)
    response = client.post(
        reverse("outcomes:outcomes_import"), {"confirm": "1", "digest": "0" * 64, "seen": "{}"}
    )
    assert response.status_code == 400
    assert "Vælg filen igen" in response.text
    assert not OutcomePeriod.objects.exists()


def test_a_bad_import_lists_the_errors_and_saves_nothing(client, leader, site):
    client.force_login(leader)
    response = upload(
        client,
        "sted;kvartal;kandidater i forløb\r\n"
        "Hjørring Kommune;2024-K1;12\r\n"
        "Hjørring Kommune;2024-K2;mange\r\n",
    )
    assert response.status_code == 400
    assert "Filen blev ikke importeret: 1 fejl. Intet blev gemt." in response.text
    assert "Række 3, kolonne »kandidater i forløb«: skal være et helt tal på 0 eller mere" in (
        response.text
    )
    assert not OutcomePeriod.objects.exists()


def test_the_site_page_draws_outcomes_beside_the_fidelity_totals(
    client, reviewer, site, placeholder_pdf, django_assert_num_queries
):
    for day in (datetime.date(2022, 3, 1), datetime.date(2023, 3, 1)):
        finalize(
            score_all(make_review(lead=reviewer, site=site, scale="ips-15", visit_date=day)),
            reviewer,
        )
    for year in (2022, 2023):
        OutcomePeriod.objects.create(
            site=site,
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            closed_courses=10,
            closed_ordinary_job=3,
            closed_flexjob=0,
            closed_education=1,
        )
    client.force_login(reviewer)
    # session, user, groups; the site; the reviewer's sites; reviews with totals; bands;
    # reviewers and open hearings (the stage); the subscales' totals (none here); the item
    # comparison; the outcome periods; the next review (finalized reviews with totals, their
    # bands, changes of the date); the access log.
    with django_assert_num_queries(16):
        page = client.get(reverse("overview:site_detail", args=[site.pk])).text
    assert page.count('class="chart outcome-chart"') == 1
    # The combined chart replaces the plain totals chart of the same scale.
    assert "Totaler over tid (IPS-15)" not in page
    assert "31 % minimum" in page
    assert "50 % fremragende" in page
    assert page.count("40 %") >= 2  # a point per period, and the table
    assert "Diagrammets tal som tabel" in page
