"""Autosave answers the page did not expect: a request too large for the server, and an
answer that is not the app's JSON. The text stays; the other fields keep saving."""

from playwright.sync_api import expect

from reviews.models import Review
from tests.e2e_helpers import E2E, SAVED, log_in
from tests.factories import make_review

pytestmark = E2E


def open_review(page, live_server, reviewer):
    review = make_review(lead=reviewer, scale="ips-15")
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + review.get_absolute_url())
    return review


def type_into(page, field, text):
    box = page.locator(f"#field-{field}")
    box.fill(text)
    box.blur()
    return page.locator(f'[data-save-state="{field}"]')


def test_a_huge_paste_is_refused_by_name_kept_and_the_other_fields_still_save(
    page, live_server, reviewer
):
    review = open_review(page, live_server, reviewer)
    huge = "æ" * 500_000  # 3 MB form-encoded, over Django's request limit
    summary_state = type_into(page, "summary", huge)
    expect(summary_state).to_have_text(
        "Teksten i »Resumé« er for lang til at blive gemt (500.000 tegn). Den er ikke gemt, men "
        "står stadig i feltet og gemmes i denne browser: gør den kortere, så bliver den gemt."
    )
    assert page.evaluate("document.querySelector('#field-summary').value.length") == 500_000
    key = f"ipsfidelity:unsaved:review:{review.pk}"
    kept = page.evaluate(
        "k => JSON.parse(localStorage.getItem(k)).review.summary.value.length", key
    )
    assert kept == 500_000

    expect(type_into(page, "general_comments", "Generelt godt")).to_have_text(SAVED)
    expect(type_into(page, "basis", "Seks interviews")).to_have_text(SAVED)
    review.refresh_from_db()
    assert (review.general_comments, review.basis, review.summary) == (
        "Generelt godt",
        "Seks interviews",
        "",
    )

    expect(type_into(page, "summary", "Et kort resumé")).to_have_text(SAVED)
    review.refresh_from_db()
    assert review.summary == "Et kort resumé"


def test_an_answer_that_is_not_json_holds_up_only_its_own_field(page, live_server, reviewer):
    review = open_review(page, live_server, reviewer)

    def proxy_error(route):
        if "field=purpose" in (route.request.post_data or ""):
            route.fulfill(status=502, content_type="text/html", body="<h1>Bad Gateway</h1>")
        else:
            route.continue_()

    page.route("**/gem/", proxy_error)
    purpose_state = type_into(page, "purpose", "Formålet, skrevet mens proxyen fejlede")
    expect(purpose_state).to_have_text("Ikke gemt – prøver igen")
    expect(type_into(page, "general_comments", "Kommentar imens")).to_have_text(SAVED)
    assert Review.objects.get(pk=review.pk).general_comments == "Kommentar imens"

    page.unroute("**/gem/")
    expect(purpose_state).to_have_text(SAVED, timeout=15_000)
    assert Review.objects.get(pk=review.pk).purpose == "Formålet, skrevet mens proxyen fejlede"


def test_a_refused_field_keeps_its_message_while_another_field_of_the_item_saves(
    page, live_server, reviewer
):
    """An item row has one save line for its fields: the refusal of the remark stays in view
    when the score or the recommendation saves, until the remark itself is changed."""
    review = open_review(page, live_server, reviewer)
    row = review.item_scores.get(item__number=1)
    article = page.locator(f"#item-{row.item.number}")
    state = article.locator('[data-save-state=""]')
    remark = page.locator(f"#remark-{row.pk}")
    remark.fill("x" * 10_001)
    remark.blur()
    expect(state).to_contain_text("10000")
    recommendation = page.locator(f"#recommendation-{row.pk}")
    recommendation.fill("Flere møder med psykiatrien")
    recommendation.blur()
    for _ in range(50):  # until the recommendation is on the server
        row.refresh_from_db()
        if row.recommendation:
            break
        page.wait_for_timeout(100)
    assert row.recommendation == "Flere møder med psykiatrien"
    expect(state).to_contain_text("10000")
    remark.fill("Kort bemærkning")
    remark.blur()
    expect(state).to_have_text(SAVED)
