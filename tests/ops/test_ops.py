"""What a server needs: the health check, Danish error pages with the site's look, a favicon."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse

from ipsfidelity.urls import urlpatterns as project_urlpatterns

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok_without_a_login(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_healthz_answers_503_and_nothing_more_when_the_database_does_not(client, db, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5 failed: secret detail")

    with monkeypatch.context() as patch:
        patch.setattr("ops.views.connection.cursor", down)
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable"}


def test_healthz_is_reachable_over_plain_http_behind_the_ssl_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/").status_code == 200
    assert client.get("/login/").status_code == 301


def test_healthz_takes_only_get(client, db):
    assert client.post("/healthz/").status_code == 405


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *project_urlpatterns]


def looks_like_the_site(response):
    text = response.content.decode()
    return "IPS Fidelity" in text and 'href="/"' in text and "Gå til forsiden" in text


def test_404_is_danish_with_a_way_home(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.text
    assert looks_like_the_site(response)
    assert "/static/css/app.css" in response.text


def test_403_is_danish_and_says_why(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:all_reviews"))
    assert response.status_code == 403
    assert "Ingen adgang" in response.text
    assert looks_like_the_site(response)


def test_400_is_danish(client, db):
    response = client.get("/login/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.text
    assert looks_like_the_site(response)


@pytest.mark.urls("tests.ops.test_ops")
def test_500_is_danish_and_tells_nothing_of_the_cause(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.text
    assert "a bug" not in response.text
    assert looks_like_the_site(response)


def test_a_csrf_failure_is_danish(db, reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("reviews:review_create"), {})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.text
    assert looks_like_the_site(response)


def test_every_page_links_the_favicon_and_it_is_served(client, db):
    page = client.get("/login/").text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/favicon.svg").status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/favicon.ico"
    icon = client.get(response.url)
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_a_load_balancer_asking_by_ip_address_gets_the_health_check(client, db):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # Any other page asked by that address is refused as before.
    assert client.get("/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_a_link_to_an_address_that_takes_a_form_gets_a_danish_page(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert "Det kan ikke gøres på den måde" in response.text


def test_make_serve_refuses_plain_http_on_a_real_host():
    env = {
        **os.environ,
        "DJANGO_ALLOWED_HOSTS": "fidelity.example.dk",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
    }
    result = subprocess.run(
        [shutil.which("bash"), "scripts/serve.sh", "--bind", "127.0.0.1:1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "DJANGO_HTTPS=0 is only for loopback" in result.stderr
