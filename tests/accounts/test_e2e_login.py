import pytest
from playwright.sync_api import expect

from tests.e2e_helpers import E2E
from tests.factories import PASSWORD, app_with_key, totp_code, totp_device

pytestmark = E2E


def fill_password(page, live_server, user):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_label("Brugernavn").fill(user.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_a_reviewer_logs_in_to_their_start_page(page, live_server, reviewer):
    fill_password(page, live_server, reviewer)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    expect(page.get_by_test_id("home-reviewer")).to_be_visible()


@pytest.mark.parametrize(
    ("persona", "part"),
    [("leader", "home-leader"), ("admin", "home-admin")],
)
def test_administrators_and_leaders_log_in_with_a_code_from_their_app(
    page, live_server, request, persona, part
):
    user = request.getfixturevalue(persona)
    device = totp_device(user)
    fill_password(page, live_server, user)
    expect(page).to_have_url(live_server.url + "/login/totrin/?next=%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinslogin")
    # The code the person's app shows now, computed from the device's key.
    page.get_by_label("Kode").fill(totp_code(device))
    page.get_by_role("button", name="Fortsæt").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    expect(page.get_by_test_id(part)).to_be_visible()


def test_a_leader_without_an_app_sets_one_up_before_anything_else(page, live_server, leader):
    fill_password(page, live_server, leader)
    expect(page).to_have_url(live_server.url + "/konto/totrin/?next=%2F")
    expect(page.locator(".qr-code svg")).to_be_visible()
    expect(page.locator(".qr-code svg title")).to_have_text("QR-kode til din godkendelsesapp")
    page.goto(live_server.url + "/rapporter/")
    expect(page).to_have_url(live_server.url + "/konto/totrin/?next=%2Frapporter%2F")
    # The leader types the key shown into their app, which then shows the code.
    app = app_with_key(page.get_by_test_id("otp-secret").inner_text())
    page.get_by_label("Kode fra appen").fill(totp_code(app))
    page.get_by_role("button", name="Slå totrinslogin til").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gendannelseskoder")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Fortsæt").click()
    expect(page).to_have_url(live_server.url + "/rapporter/")
