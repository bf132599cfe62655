import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.oath import totp
from playwright.sync_api import expect

from demo.loading import DEMO_TOTP_KEY
from reports.models import FinalReport
from reviews.models import Review
from tests.e2e_helpers import E2E
from tests.pdftext import normalize, page_texts

pytestmark = E2E


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--without-region")


def test_the_demo_leader_downloads_the_vejle_report(page, live_server, demo):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Brugernavn").fill("leader")
    page.get_by_label("Adgangskode").fill("ips-demo-2026")
    page.get_by_role("button", name="Log ind").click()
    # The demo leader's authenticator has the key the README publishes.
    page.get_by_label("Kode").fill(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
    page.get_by_role("button", name="Fortsæt").click()
    # The start page shows the leader's site with its latest report, ready to download.
    expect(page.get_by_role("heading", level=1)).to_have_text("Start")
    site = page.get_by_test_id("home-site").filter(has_text="Vejle Kommune")
    expect(site).to_contain_text("101 – God IPS fidelity")
    with page.expect_download() as info:
        site.get_by_role("link", name="Hent rapporten (PDF)").click()
    download = info.value
    assert download.suggested_filename == "fidelity-review-vejle-kommune-2023-05-10.pdf"
    content = download.path().read_bytes()
    review = Review.objects.get(site__name="Vejle Kommune")
    assert content == bytes(FinalReport.objects.current_for(review).pdf)
    text = normalize(" ".join(page_texts(content)))
    assert "TOTALSCORE101" in text
    assert "GodIPSfidelity" in text
    assert get_user_model().objects.get(username="leader").led_sites.get().name == "Vejle Kommune"
