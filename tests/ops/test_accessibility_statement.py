"""The accessibility statement (tilgængelighedserklæring): open to everyone, linked from every
page's footer, or the operator's WAS-Tool statement when one is configured."""

from django.test import override_settings
from django.urls import reverse

from tests.clients import Client


def _footer_link(html):
    footer = html[html.index('<footer class="app-footer') :]
    start = footer.index('href="') + len('href="')
    return footer[start : footer.index('"', start)]


def test_anyone_reads_the_statement_in_danish_without_logging_in(db):
    response = Client().get(reverse("ops:accessibility"))
    assert response.status_code == 200
    page = response.text
    assert '<h1 class="h2 mb-3">Tilgængelighedserklæring</h1>' in page
    assert "delvist i overensstemmelse med WCAG 2.1 niveau AA" in page
    assert "Digitaliseringsstyrelsen" in page
    assert "administratoren" in page  # no contact address configured: whom to tell


def test_every_page_links_to_it_from_the_footer(client, reviewer):
    assert _footer_link(Client().get(reverse("accounts:login")).text) == "/tilgaengelighed/"
    client.force_login(reviewer)
    assert _footer_link(client.get("/").text) == "/tilgaengelighed/"


@override_settings(
    ACCESSIBILITY_STATEMENT_URL="https://www.was.digst.dk/ipsfidelity-example-dk",
    ACCESSIBILITY_CONTACT="tilgaengelighed@example.dk",
)
def test_the_operators_was_tool_statement_takes_its_place(db):
    login = Client().get(reverse("accounts:login")).text
    assert _footer_link(login) == "https://www.was.digst.dk/ipsfidelity-example-dk"
    page = Client().get(reverse("ops:accessibility")).text
    assert 'href="https://www.was.digst.dk/ipsfidelity-example-dk"' in page
    assert "WCAG" not in page  # the statement is the operator's, not the app's


@override_settings(ACCESSIBILITY_CONTACT="tilgaengelighed@example.dk")
def test_the_contact_address_is_given_when_configured(db):
    page = Client().get(reverse("ops:accessibility")).text
    assert 'href="mailto:tilgaengelighed@example.dk"' in page


def test_it_opens_before_the_second_factor(client, admin):
    """Someone who must pass a second factor may still read it (it is open to everyone)."""
    client.force_login(admin)
    assert client.get(reverse("ops:accessibility")).status_code == 200
