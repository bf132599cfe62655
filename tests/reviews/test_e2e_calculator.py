"""The calculator in a real browser: typed figures point to an anchor and are saved."""

from playwright.sync_api import expect

from tests.e2e_helpers import E2E, SAVED, item, log_in
from tests.factories import make_review, make_site

pytestmark = E2E


def test_typed_figures_point_to_an_anchor_and_are_saved(
    page, live_server, reviewer, other_reviewer
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], site=make_site())
    log_in(page, live_server, reviewer)
    page.goto(live_server.url + f"/reviews/{review.pk}/bedoemmelse/")
    caseload = item(page, 1)
    figures = caseload.get_by_label("Beregner: Aktive IPS-kandidater pr. fuldtids IPS-konsulent")
    result = caseload.locator("[data-calculator-result]")
    # The boundaries of the ladder: 20 is a 5, 21 a 4, and a mean of 20.5 still a 4.
    for typed, shown in [
        ("20", "20 kandidater → peger på score 5"),
        ("21", "21 kandidater → peger på score 4"),
        ("20; 21", "Gennemsnit af 2: 20,5 kandidater → peger på score 4"),
        ("41", "41 kandidater → peger på score 1"),
    ]:
        figures.fill(typed)
        expect(result).to_contain_text(shown)
    figures.fill("18; 22,5")
    expect(result).to_have_text(
        "Gennemsnit af 2: 20,3 kandidater → peger på score 4: "
        "21–25 aktive IPS-kandidater pr. fuldtids IPS-konsulent."
    )
    figures.blur()
    expect(caseload.locator("[data-save-state]")).to_have_text(SAVED)
    # Bad input: the page says why, the server refuses it and keeps the saved figures,
    # and the typed text is kept in the browser rather than lost.
    figures.fill("atten")
    expect(result).to_have_text("Skriv tallene adskilt af semikolon, f.eks. 18; 22,5.")
    figures.blur()
    expect(caseload.locator("[data-save-state]")).to_have_text(
        "Observerede tal: »atten« er ikke et tal. Adskil tallene med semikolon."
    )
    rating = review.ratings.get(item__number=1)
    assert rating.observed == [18, 22.5]
    assert rating.score is None  # the reviewer still chooses the score
