"""A municipal leader who was never invited logs in through their organisation's identity
provider, in Chromium, and lands on their own site."""

import re

import pytest
from playwright.sync_api import expect

from sites.models import Site
from tests.factories import make_site
from tests.project.test_e2e_accessibility import violations
from tests.sso.conftest import connected_idp

pytestmark = pytest.mark.e2e


def test_a_municipal_leader_logs_in_through_their_organisation(
    page, live_server, saml_settings, tmp_path, vejle
):
    other = make_site(name="Fredericia Kommune")
    sp_metadata = page.request.get(f"{live_server.url}/saml/metadata/").text()
    with connected_idp(sp_metadata, saml_settings.SAML_CERT_FILE, tmp_path, vejle) as idp:
        page.goto(f"{live_server.url}/steder/{vejle.pk}/")
        expect(page).to_have_url(re.compile(r"/login/"))
        _accessible_at_both_widths(page, tmp_path / "login")
        page.get_by_role("link", name="Log ind med Test-IdP").click()
        # At the identity provider (its own page, on another port), and back.
        expect(page.get_by_role("heading", name="Test-IdP")).to_be_visible()
        page.get_by_role("button", name="Fortsæt til tjenesten").click()
        # No code of the app's own: NemLog-in did two factors at Substantial.
        expect(page).to_have_url(f"{live_server.url}/steder/{vejle.pk}/")
        expect(page.get_by_role("heading", name="Vejle Kommune", level=1)).to_be_visible()
        expect(page.get_by_text("Lene Leder")).to_be_visible()
        assert idp.signed_requests == 1
        # Another municipality's site does not exist for her.
        page.goto(f"{live_server.url}/steder/{other.pk}/")
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Fredericia Kommune")
        # Logging out goes through the identity provider and back to the login page.
        page.get_by_role("button", name="Log ud").click()
        expect(page).to_have_url(re.compile(r"/login/"))
        assert idp.logouts == 1
        assert Site.objects.get(pk=vejle.pk).leaders.get().first_name == "Lene"
        # Refused: a login at NSIS Low, said in Danish on a page of the app.
        idp.person.level = "Low"
        page.get_by_role("link", name="Log ind med Test-IdP").click()
        page.get_by_role("button", name="Fortsæt til tjenesten").click()
        expect(page.get_by_role("alert")).to_contain_text("mindst Betydelig")
        _accessible_at_both_widths(page, tmp_path / "refused")


def _accessible_at_both_widths(page, shots):
    """axe finds nothing at 1366 and 390 px; the screenshots are kept beside the test's
    temporary files for a person to look at."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == []
        page.screenshot(path=f"{shots}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
