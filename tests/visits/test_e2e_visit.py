"""The whole visit in browsers (issue 26's "done when"): two reviewers plan the visit, write
notes tagged to items on two sessions (one of them with the network cut), rate with each item's
notes beside it, agree in the consensus, have the draft moderated, finalize – and 14 days later
(the clock moved) the notes are gone, their deletion is recorded, and the report is byte for
byte the one issued."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from reports.models import FinalReport
from reviews.models import Review
from sites.models import Region
from tests.e2e_helpers import E2E, SAVED, choose_score, item, log_in
from tests.factories import make_review, make_site, make_user, rate
from tests.pdftext import page_texts
from visits.models import Note, NotesDeletion
from visits.retention import notes_retention_run

pytestmark = E2E

RITA = [5, 4, 4, 3, 3, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]
OTTO = [5, 4, 4, 2, 3, 2, 4, 5, 4, 3, 3, 4, 2, 3, 4]  # item 4 differs


@pytest.fixture
def contexts(browser, browser_context_args):
    # Otto's browser runs the service worker: he writes his note with the network cut.
    made = [
        browser.new_context(**browser_context_args),
        browser.new_context(**{**browser_context_args, "service_workers": "allow"}),
        browser.new_context(**browser_context_args),
    ]
    yield made
    for context in made:
        context.close()


def pdf_text(pdf):
    return " ".join(page_texts(pdf))


def add_session(page, title, when, reviewer_pk, item_pks):
    page.locator("select[name=kind]").select_option("interview")
    page.locator("input[name=title]").fill(title)
    page.locator("input[name=starts_at]").fill(when)
    page.locator("select[name=reviewer]").select_option(str(reviewer_pk))
    for pk in item_pks:
        page.locator(f"input[name=items][value='{pk}']").check()
    page.get_by_role("button", name="Tilføj sessionen").click()
    expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()


def write_note(page, session, text, item_pks):
    card = page.locator(f"#session-{session.pk}")
    card.get_by_text("Skriv en note").click()
    card.get_by_label("Note").fill(text)
    for pk in item_pks:
        card.locator(f"input[name$='-items'][value='{pk}']").check()
    card.get_by_role("button", name="Gem noten").click()


def test_a_two_reviewer_visit_from_plan_to_deleted_notes(
    contexts, live_server, network, reviewer, other_reviewer, leader
):
    site = make_site("Køge Kommune", region="Region Sjælland", leaders=[leader])
    Region.objects.filter(pk=site.region_id).update(moderation_required=True)
    moderator = make_user(
        "mette", role=reviewer.groups.get().name, first_name="Mette", last_name="Moderator"
    )
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], site=site, scale="ips-15")
    pks = dict(review.scale.items.values_list("number", "pk"))
    _, otto_context, _ = contexts
    rita, otto, mette = (context.new_page() for context in contexts)
    # Otto reaches the server through a network the test cuts.
    for page, user, server in (
        (rita, reviewer, live_server),
        (otto, other_reviewer, network),
        (mette, moderator, live_server),
    ):
        log_in(page, server, user)
    visit_url = f"{live_server.url}{review.get_absolute_url()}besoeg/"
    otto_visit_url = f"{network.url}{review.get_absolute_url()}besoeg/"

    # The plan: two sessions, each with its reviewer and the items it informs.
    rita.goto(visit_url)
    add_session(rita, "IPS-konsulenterne", "2026-10-01T09:00", reviewer.pk, [pks[1], pks[2]])
    add_session(rita, "Teamlederen", "2026-10-01T11:00", other_reviewer.pk, [pks[4]])
    first, second = review.visit_sessions.order_by("starts_at")
    with rita.expect_download() as programme:
        rita.get_by_test_id("programme-pdf").click()
    assert "Teamlederen" in pdf_text(programme.value.path().read_bytes())

    # Rita's note, online; Otto's, with the network cut, sent once it is back.
    write_note(rita, first, "Konsulenterne har 18–22 kandidater hver.", [pks[1]])
    expect(rita.get_by_test_id("note")).to_have_count(1)
    otto.goto(otto_visit_url)
    expect(otto.locator("body[data-offline-ready='1']")).to_have_count(1)
    otto.get_by_role("button", name="Tag med offline").click()
    expect(otto.locator("#take-offline-status")).to_contain_text("Taget med offline")
    network.cut()
    otto_context.set_offline(True)
    otto.reload()
    write_note(otto, second, "Lederen tager ikke del i <b>styregruppen</b>.", [pks[4]])
    expect(otto.get_by_test_id("pending-note")).to_have_count(1)
    assert Note.objects.count() == 1
    network.restore()
    otto_context.set_offline(False)
    expect(otto.get_by_test_id("note")).to_have_count(1, timeout=20_000)
    assert Note.objects.count() == 2

    # Rating: each reviewer sees their own notes beside the items; the other's only once
    # that one has finished rating.
    rate(review, reviewer, RITA)
    rate(review, other_reviewer, OTTO)
    rita.goto(f"{live_server.url}/reviews/{review.pk}/bedoemmelse/")
    # The note form starts with its session's items ticked: Rita's note is on items 1 and 2.
    expect(rita.get_by_test_id("item-notes")).to_have_count(2)
    expect(rita.get_by_label("Noter fra besøget om item 1")).to_contain_text("18–22 kandidater")
    expect(rita.get_by_label("Noter fra besøget om item 2")).to_contain_text("18–22 kandidater")
    expect(rita.locator("main")).not_to_contain_text("styregruppen")
    otto.goto(f"{network.url}/reviews/{review.pk}/bedoemmelse/")
    expect(otto.get_by_test_id("item-notes")).to_have_count(1)
    expect(otto.get_by_label("Noter fra besøget om item 4")).to_contain_text(
        "Lederen tager ikke del i <b>styregruppen</b>."
    )
    otto.get_by_role("button", name="Markér min bedømmelse som færdig").click()
    rita.get_by_role("button", name="Markér min bedømmelse som færdig").click()

    # Consensus: item 4 differs; both notes stand beside it and item 1.
    expect(rita.get_by_role("heading", level=1)).to_have_text("Konsensus")
    expect(rita.get_by_label("Noter fra besøget om item 4")).to_contain_text(
        "Lederen tager ikke del i <b>styregruppen</b>."
    )
    expect(rita.get_by_label("Noter fra besøget om item 1")).to_contain_text("18–22 kandidater")
    choose_score(rita, 4, 3)
    expect(item(rita, 4).locator("[data-save-state]")).to_have_text(SAVED)
    rita.goto(live_server.url + review.get_absolute_url())
    summary = rita.locator("#field-summary")
    summary.fill("Et team på vej mod god IPS.")
    summary.blur()
    expect(rita.locator('[data-save-state="summary"]')).to_have_text(SAVED)

    # Moderation: the draft waits for it, then Mette approves it.
    rita.reload()
    expect(rita.get_by_test_id("next-step")).to_have_text("Bed om en moderering")
    rita.get_by_test_id("next-step").click()
    rita.get_by_label("Moderator").select_option(str(moderator.pk))
    rita.get_by_role("button", name="Send til moderatoren").click()
    expect(rita.get_by_test_id("moderation-state")).to_contain_text("Venter på moderering")
    mette.goto(live_server.url + "/")
    mette.get_by_role("link", name=re.compile("Moderér udkastet")).click()
    mette.get_by_label("Godkend udkastet").check()
    mette.get_by_role("button", name="Gem afgørelsen").click()
    expect(mette.get_by_test_id("moderation-state")).to_contain_text("Godkendt")

    # Finalize: the report names the moderator and holds no note.
    rita.goto(live_server.url + review.get_absolute_url())
    expect(rita.get_by_test_id("next-step")).to_have_text("Afslut reviewet")
    rita.get_by_test_id("next-step").click()
    rita.get_by_label("Jeg har læst opsummeringen").check()
    rita.get_by_role("button", name="Afslut review").click()
    expect(rita.get_by_test_id("stage")).to_have_text("Afsluttet")
    review = Review.objects.get(pk=review.pk)
    pdf = bytes(FinalReport.objects.current_for(review).pdf)
    text = pdf_text(pdf)
    assert "Modereret af Mette Moderator" in text
    assert "18–22 kandidater" not in text
    assert "styregruppen" not in text

    # 14 days later the notes are gone; their deletion is recorded; the report is the same.
    notes_retention_run(now=review.finalized_at + datetime.timedelta(days=14))
    assert not Note.objects.filter(session__review=review).exists()
    deletion = NotesDeletion.objects.get(review=review)
    assert deletion.notes == 2
    assert deletion.rule == "14 dage efter at reviewet blev afsluttet"
    rita.goto(visit_url)
    expect(rita.get_by_test_id("note")).to_have_count(0)
    rita.goto(live_server.url + review.get_absolute_url())
    with rita.expect_download() as download:
        rita.get_by_role("link", name="Hent rapport (PDF)").click()
    assert download.value.path().read_bytes() == pdf
    assert bytes(FinalReport.objects.current_for(review).pdf) == pdf
