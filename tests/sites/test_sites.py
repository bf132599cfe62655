"""Administrators make and change sites, regions and clusters in the app (the Steder page);
reviewers name a new site when they create a review."""

import pytest
from django.urls import reverse

from accounts import roles
from reviews.models import Review
from sites import services
from sites.models import Cluster, Region, Site
from tests.clients import Client
from tests.factories import make_site, make_user, published


def test_administrators_make_a_region_a_cluster_and_a_site_in_the_app(client, admin, leader):
    make_user("reviewer_only", role=roles.REVIEWER, first_name="Bent", last_name="Bedømmer")
    client.force_login(admin)
    page = client.get(reverse("reviews:all_reviews")).text
    assert f'href="{reverse("sites:site_list")}"' in page  # a button on Alle reviews

    client.post(reverse("sites:region_create"), {"name": "Region Midtjylland"})
    region = Region.objects.get(name="Region Midtjylland")
    client.post(
        reverse("sites:cluster_create"),
        {"region": region.pk, "name": "Vest", "psychiatry": "Psykiatrien Vest", "order": 1},
    )
    cluster = Cluster.objects.get(name="Vest")
    form = client.get(reverse("sites:site_create")).text
    # The leader picker offers people with the Leder role, by name.
    assert "Lis Leader" in form
    assert "Bent Bedømmer" not in form
    response = client.post(
        reverse("sites:site_create"),
        {
            "name": "Herning Kommune",
            "region": region.pk,
            "cluster": cluster.pk,
            "jobcenter": "Jobcenter Herning",
            "psychiatry_partner": "Regionspsykiatrien Vest",
            "active": "on",
            "leaders": [leader.pk],
        },
    )
    assert response.url == reverse("sites:site_list")
    site = Site.objects.get(name="Herning Kommune")
    assert (site.region, site.cluster, list(site.leaders.all())) == (region, cluster, [leader])
    page = client.get(reverse("sites:site_list")).text
    assert "Herning Kommune" in page
    assert "Lis Leader" in page
    assert reverse("sites:site_edit", args=[site.pk]) in page

    response = client.post(
        reverse("sites:site_edit", args=[site.pk]),
        {
            "name": "Herning Kommune",
            "region": region.pk,
            "jobcenter": "Jobcenter Herning",
            "version": site.version,
        },
    )
    site.refresh_from_db()
    assert (site.cluster, site.active, site.leaders.count()) == (None, False, 0)
    assert (
        reverse("sites:site_edit", args=[site.pk])
        in client.get(reverse("overview:site_detail", args=[site.pk])).text
    )


def test_a_cluster_of_another_region_is_refused_in_danish(client, admin):
    site = make_site()
    other = Region.objects.create(name="Region Nordjylland")
    cluster = Cluster.objects.create(region=other, name="Nord")
    client.force_login(admin)
    response = client.post(
        reverse("sites:site_edit", args=[site.pk]),
        {
            "name": site.name,
            "region": site.region_id,
            "cluster": cluster.pk,
            "active": "on",
            "version": site.version,
        },
    )
    assert response.status_code == 200
    assert "Klyngen hører til en anden region." in response.text
    site.refresh_from_db()
    assert site.cluster is None


def test_two_administrators_changing_one_site_lose_nothing(client, admin, leader):
    site = make_site()
    other_admin = make_user("admin2", role=roles.ADMINISTRATOR)
    second = Client()
    client.force_login(admin)
    second.force_login(other_admin)
    url = reverse("sites:site_edit", args=[site.pk])
    data = {"name": site.name, "region": site.region_id, "active": "on", "version": 1}
    client.post(url, {**data, "jobcenter": "Jobcenter Vejle Nord", "leaders": [leader.pk]})
    response = second.post(url, {**data, "jobcenter": "Jobcenter Vejle Syd"})
    assert "Nogen andre gemte dette, mens du redigerede det" in response.text
    assert "Jobcenter Vejle Nord" in response.text
    assert "Lis Leader" in response.text  # the leaders they chose, shown
    site.refresh_from_db()
    assert (site.jobcenter, list(site.leaders.all())) == ("Jobcenter Vejle Nord", [leader])
    # Every version is kept, who leads the site included.
    newest = site.history.order_by("-history_id").first()
    assert newest.jobcenter == "Jobcenter Vejle Nord"
    assert list(newest.leaders.values_list("user", flat=True)) == [leader.pk]


def test_two_administrators_making_a_site_of_one_name_at_once_get_a_danish_message(
    client, admin, monkeypatch
):
    region = Region.objects.create(name="Region Midtjylland")
    client.force_login(admin)
    real = services.create_once

    def someone_else_first(make):
        Site.objects.create(name="Herning Kommune", region=region)
        return real(make)

    monkeypatch.setattr(services, "create_once", someone_else_first)
    response = client.post(
        reverse("sites:site_create"), {"name": "Herning Kommune", "region": region.pk}
    )
    assert response.status_code == 200
    assert "Nogen har oprettet et med det navn lige nu." in response.text
    assert Site.objects.count() == 1


def test_a_reviewer_creates_a_review_for_a_new_site(client, reviewer):
    region = make_site().region
    client.force_login(reviewer)
    page = client.get(reverse("reviews:review_create")).text
    assert "Nyt sted" in page
    assert "Bedømmere opretter reviews" in page
    data = {
        "new_site": "Horsens Kommune",
        "new_site_region": region.pk,
        "scale": published("ips-15").pk,
        "visit_date": "2026-12-01",
        "kind": "external",
    }
    response = client.post(reverse("reviews:review_create"), data)
    review = Review.objects.get(site__name="Horsens Kommune")
    assert response.url == review.get_absolute_url()
    assert review.site.region == region
    # Twice the same name is refused, and nothing is created.
    response = client.post(
        reverse("reviews:review_create"), {**data, "new_site": "horsens kommune"}
    )
    assert "Der findes allerede et sted med det navn" in response.text
    assert Site.objects.filter(name__iexact="horsens kommune").count() == 1
    response = client.post(reverse("reviews:review_create"), {**data, "new_site": ""})
    assert "Vælg stedet, eller skriv navnet på et nyt nedenfor." in response.text


@pytest.mark.parametrize(
    "name",
    ["Vejle\nKommune", "Vejle\tKommune", "Vejle \u202eenummoK", "Vejle\u200bKommune", "Ve\x00jle"],
)
def test_a_name_is_one_line_of_ordinary_text(client, admin, reviewer, name):
    region = Region.objects.create(name="Region Syddanmark")
    client.force_login(admin)
    response = client.post(reverse("sites:site_create"), {"name": name, "region": region.pk})
    assert response.status_code == 200
    assert ("én linje" in response.text) or ("Null-tegn er ikke tilladte" in response.text)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:review_create"),
        {
            "new_site": name,
            "new_site_region": region.pk,
            "scale": published("ips-15").pk,
            "visit_date": "2026-11-20",
            "kind": "external",
        },
    )
    assert response.status_code == 200
    assert not Site.objects.exists()
