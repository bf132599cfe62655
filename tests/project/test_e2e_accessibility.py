"""Every kind of page in a real browser: WCAG 2.1 A and AA (axe-core) and no Content-Security-
Policy violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e_helpers import E2E, enter_code, enter_password, log_in
from tests.e2e_pages import every_kind_of_page
from tests.factories import app_with_key, totp_code, totp_device

pytestmark = E2E
AXE = Path(__file__).resolve().parents[1] / "vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page):
    # Evaluated through the browser's debugging protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.fixture
def pages(reviewer, other_reviewer, leader):
    return every_kind_of_page(reviewer, other_reviewer, leader)


def test_pages_meet_wcag_21_aa_and_the_csp(page, live_server, reviewer, leader, admin, pages):
    """At 1366 px; tests/project/test_e2e_phone.py runs axe at 390 px."""
    page.set_viewport_size({"width": 1366, "height": 900})
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    found = {}
    for path in pages["anonymous"]:
        page.goto(live_server.url + path)
        found[path] = violations(page)
    log_in(page, live_server, reviewer)
    for path in [*pages["reviewer"], "/konto/totrin/"]:
        page.goto(live_server.url + path)
        found[path] = violations(page)
    for path in pages["consensus"]:
        page.goto(live_server.url + path)
        found[path + " (consensus)"] = violations(page)
    page.context.clear_cookies()
    # The leader has no authenticator yet: setting one up comes straight after the password.
    enter_password(page, live_server, leader)
    found["/konto/totrin/ (enrolment)"] = violations(page)
    code = totp_code(app_with_key(page.get_by_test_id("otp-secret").inner_text()))
    page.get_by_label("Kode fra appen").fill(code)
    page.get_by_role("button", name="Slå totrinslogin til").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gendannelseskoder")
    found["/konto/gendannelseskoder/ (leader)"] = violations(page)
    for path in pages["leader"]:
        page.goto(live_server.url + path)
        found[path + " (leader)"] = violations(page)
    page.context.clear_cookies()
    # The administrator has one: the login's second step.
    enter_password(page, live_server, admin)
    found["/login/totrin/ (admin)"] = violations(page)
    enter_code(page, totp_device(admin))
    expect(page).to_have_url(live_server.url + "/")
    for path in (
        "/admin/",
        "/admin/scales/scale/1/change/",
        "/admin/reviews/review/",
        "/overblik/",
    ):
        page.goto(live_server.url + path)
    for path in pages["admin"]:
        page.goto(live_server.url + path)
        found[path + " (admin)"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert refused == []
