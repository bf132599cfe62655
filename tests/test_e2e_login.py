import pytest
from playwright.sync_api import expect

from tests.e2e_helpers import E2E
from tests.factories import PASSWORD

pytestmark = E2E


@pytest.mark.parametrize(
    ("persona", "path", "heading"),
    [
        ("reviewer", "/reviews/", "Mine reviews"),
        ("leader", "/rapporter/", "Rapporter for mine steder"),
        ("admin", "/admin/", "Administration"),
    ],
)
def test_each_role_logs_in_to_its_start_page(page, live_server, request, persona, path, heading):
    user = request.getfixturevalue(persona)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_label("Brugernavn").fill(user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
