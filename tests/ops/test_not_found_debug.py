"""With DEBUG on (the demo), "not yours" and a mistyped address get the Danish page, not
Django's English debug page with every address of the app."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_review, make_site


@pytest.mark.parametrize("debug", [True, False])
def test_a_review_that_is_not_yours_is_a_danish_not_found_page(
    client, other_leader, reviewer, debug
):
    review = make_review(lead=reviewer, site=make_site("Vejle Kommune"))
    client.force_login(other_leader)
    with override_settings(DEBUG=debug):
        response = client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert "URLconf" not in response.text
    assert "Page not found" not in response.text


@pytest.mark.parametrize("debug", [True, False])
def test_a_mistyped_address_is_a_danish_not_found_page(client, reviewer, debug):
    client.force_login(reviewer)
    with override_settings(DEBUG=debug):
        response = client.get("/reviews/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert "URLconf" not in response.text


@override_settings(DEBUG=True)
def test_a_missing_slash_is_still_added(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/reviews")
    assert response.status_code == 301
    assert response.url == "/reviews/"
