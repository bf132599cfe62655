"""Administrators make and change sites, regions and clusters in the app (the Steder page);
reviewers name a new site when they create a review."""

from django.urls import reverse

from accounts import roles
from reviews.models import Review
from sites.models import Cluster, Region, Site
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
        {"name": "Herning Kommune", "region": region.pk, "jobcenter": "Jobcenter Herning"},
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
        {"name": site.name, "region": site.region_id, "cluster": cluster.pk, "active": "on"},
    )
    assert response.status_code == 200
    assert "Klyngen hører til en anden region." in response.text
    site.refresh_from_db()
    assert site.cluster is None


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
