"""On a 390 px phone, every kind of page for every persona: nothing scrolls sideways, and
WCAG 2.1 AA holds (axe-core) — a table that scrolls inside its box can be reached by keyboard."""

import json

import pytest

from tests.e2e_helpers import E2E, log_in
from tests.e2e_pages import every_kind_of_page
from tests.project.test_e2e_accessibility import violations

pytestmark = E2E
PHONE = {"width": 390, "height": 844}
# How far the page reaches past the window, and the widest elements that stick out.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 3)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 60));
  return {excess: document.documentElement.scrollWidth - width, wide};
}"""


@pytest.fixture
def pages(reviewer, other_reviewer, leader):
    return every_kind_of_page(reviewer, other_reviewer, leader)


def test_no_page_scrolls_sideways_on_a_phone(page, live_server, reviewer, leader, admin, pages):
    page.set_viewport_size(PHONE)
    found = {}

    def visit(path, label=""):
        page.goto(live_server.url + path)
        result = page.evaluate(OVERFLOW)
        failing = violations(page)
        if result["excess"] > 0 or failing:
            found[path + label] = {**result, "axe": failing}

    for path in pages["anonymous"]:
        visit(path)
    log_in(page, live_server, reviewer)
    for path in pages["reviewer"]:
        visit(path)
    for path in pages["consensus"]:
        visit(path, " (consensus)")
    # The Datagrundlag table is usable: the kind dropdown shows its text in full width.
    page.goto(live_server.url + pages["consensus"][1] + "#evidence")
    kind = page.locator("#evidence-rows select").first
    box = kind.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert box["width"] > 200
    assert kind.evaluate("(el) => el.options[el.selectedIndex].text") == "Interview"
    for persona, user in (("leader", leader), ("admin", admin)):
        page.context.clear_cookies()
        log_in(page, live_server, user)
        for path in pages[persona]:
            visit(path, f" ({persona})")
        if persona == "leader":
            # The leader's "Hent rapport (PDF)" is on screen, not in a column off to the side.
            page.goto(live_server.url + "/rapporter/")
            link = page.get_by_role("link", name="Hent rapport (PDF)").first
            box = link.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"]
    assert not found, json.dumps(found, indent=1)
