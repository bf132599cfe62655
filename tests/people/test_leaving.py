"""Leaving: deactivating a person ends their sessions at once and keeps their name on what
they signed; an administrator exports everything stored about a person, in Danish."""

import io

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AccessLogEntry, Session
from reviews.models import Review
from tests.clients import Client
from tests.factories import PASSWORD, finalize, make_review, make_site, score_all


def test_deactivating_ends_every_session_at_once(client, admin, reviewer, other_reviewer):
    laptop, phone, colleague = Client(), Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("accounts:login"), {"username": "reviewer", "password": PASSWORD})
        assert device.get("/reviews/").status_code == 200
    colleague.force_login(other_reviewer)
    assert Session.objects.filter(user=reviewer).count() == 2

    client.force_login(admin)
    response = client.post(reverse("people:person_deactivate", args=[reviewer.pk]))
    assert response.status_code == 302

    assert not Session.objects.filter(user=reviewer).exists()
    for device in (laptop, phone):
        response = device.get("/reviews/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert colleague.get("/reviews/").status_code == 200
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    response = laptop.post(
        reverse("accounts:login"), {"username": "reviewer", "password": PASSWORD}
    )
    assert response.status_code == 200  # refused


def test_deactivating_in_the_admin_site_ends_the_sessions_too(client, admin, reviewer):
    other = Client()
    other.force_login(reviewer)
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[reviewer.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        is_active="",
        groups=[g.pk for g in reviewer.groups.all()],
        date_joined_0=reviewer.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=reviewer.date_joined.strftime("%H:%M:%S"),
        last_login_0="",
        last_login_1="",
    )
    data.pop("user_permissions", None)
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Session.objects.filter(user=reviewer).exists()
    assert other.get("/reviews/").status_code == 302


def test_the_name_stays_on_the_reviews_they_signed(client, admin, reviewer, placeholder_pdf):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    client.force_login(admin)
    client.post(reverse("people:person_deactivate", args=[reviewer.pk]))
    page = client.get(review.get_absolute_url()).text
    assert "Rita Reviewer" in page
    review.refresh_from_db()
    assert review.finalized_by == reviewer


def test_administrators_cannot_deactivate_themselves(client, admin):
    client.force_login(admin)
    response = client.post(reverse("people:person_deactivate", args=[admin.pk]), follow=True)
    assert "Du kan ikke deaktivere dig selv." in response.text
    admin.refresh_from_db()
    assert admin.is_active


def test_only_administrators_deactivate(client, leader, reviewer):
    client.force_login(leader)
    assert client.post(reverse("people:person_deactivate", args=[reviewer.pk])).status_code == 403
    reviewer.refresh_from_db()
    assert reviewer.is_active


def test_the_people_page_lists_everyone_with_roles_sites_and_state(client, admin, leader):
    make_site("Vejle Kommune", leaders=[leader])
    get_user_model().objects.create_user("gone", first_name="Gitte", is_active=False)
    client.force_login(admin)
    page = client.get(reverse("people:people")).text
    assert "Lis Leader" in page
    assert "Vejle Kommune" in page
    assert "Deaktiveret" in page
    assert "Invitér en person" in page


def test_an_administrator_exports_everything_stored_about_a_person(
    client, admin, reviewer, leader, placeholder_pdf
):
    site = make_site("Vejle Kommune", leaders=[leader])
    review = make_review(lead=reviewer, site=site, scale="ips-15")
    client.force_login(reviewer)
    client.post(
        reverse("reviews:save_header", args=[review.pk]),
        {"field": "purpose", "value": "Formålet", "version": review.version},
    )
    review = finalize(score_all(review), reviewer)
    client.get(review.get_absolute_url())
    client.force_login(admin)
    response = client.get(reverse("people:person_export", args=[reviewer.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="persondata-reviewer')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Person",
        "Roller",
        "Steder",
        "Reviews",
        "Ændringer",
        "Adgangslog",
        "E-mails",
        "Invitationer",
        "Single sign-on",
        "Besøgsnoter",
        "Moderering",
    ]
    person = dict(list(book["Person"].values)[1:])
    assert person["Navn"] == "Rita Reviewer"
    assert person["Brugernavn"] == "reviewer"
    assert person["Aktiv"] == "Ja"
    assert list(book["Roller"].values)[1:] == [("Bedømmer",)]
    reviews = list(book["Reviews"].values)
    assert reviews[0] == ("Sted", "Reviewdato", "Skala", "Status", "Ansvarlig bedømmer")
    assert reviews[1][0] == "Vejle Kommune"
    assert reviews[1][4] == "Ja"
    changes = list(book["Ændringer"].values)
    purpose = str(Review._meta.get_field("purpose").verbose_name).capitalize()
    assert [row[1:] for row in changes[1:]] == [("review", review.pk, "ændrede", purpose)]
    log = list(book["Adgangslog"].values)
    assert log[1][1] == "Læst"
    assert log[1][2] == str(review)
    # The leader's sites show on the leader's export.
    book = load_workbook(
        io.BytesIO(client.get(reverse("people:person_export", args=[leader.pk])).content)
    )
    assert list(book["Steder"].values)[1:] == [("Vejle Kommune", "Region Syddanmark")]
    # The export itself is in the log.
    exported = AccessLogEntry.objects.filter(user=admin, action="export").order_by("pk")
    assert [e.subject_id for e in exported] == [reviewer.pk, leader.pk]
