import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from reviews import services
from reviews.models import EvidenceSource, ImprovementArea, Review
from scales import frozen
from sites.models import Site
from tests.factories import finalize, make_review, make_site, open_consensus, rate, score_all


def test_the_review_page_shows_every_item_with_anchors_and_a_score_fieldset(client, reviewer):
    review = make_review(lead=reviewer)
    client.force_login(reviewer)
    page = client.get(review.get_absolute_url()).text
    assert page.count("<fieldset") == 25
    assert page.count('class="score-legend"') == 25
    assert '<span class="visually-hidden">1. Case load – </span>Score</legend>' in page
    # The options are the anchors: five with their words, and "no score", for every item.
    assert page.count('class="anchor-label"') == 25 * 6
    anchor = review.scale.items.get(number=1).anchors.get(score=4)
    assert f'<span class="anchor-score">4</span> <span class="anchor-text">{anchor.text}' in page
    assert "0 af 25 items scoret" in page


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_review_page_runs_a_fixed_number_of_queries(
    client, reviewer, other_reviewer, django_assert_num_queries, code
):
    review = open_consensus(make_review(lead=reviewer, co_reviewers=[other_reviewer], scale=code))
    services.row_add(review=review, model=EvidenceSource)
    services.row_add(review=review, model=ImprovementArea)
    score_all(review)
    client.force_login(reviewer)
    frozen._frozen_items.clear()
    # session, user; review with site, region and scale; ratings; reviewers with their
    # users; groups; item scores; bands; evidence; areas; hearings; the four history tables;
    # the previous round's item scores and their actions (reviews/previous.py); the visit's
    # notes (reviews/notes_beside.py); the attached checklists and, for the lead of a draft,
    # the published checklists to add; the access log's insert (the session is written at
    # most once a minute: not now); and the first time in the process, the scale version's
    # items with sections, and anchors.
    with django_assert_num_queries(23):
        response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(21):
        assert client.get(review.get_absolute_url()).status_code == 200


def test_an_item_save_runs_a_handful_of_queries(client, reviewer, django_assert_num_queries):
    review = make_review(lead=reviewer, scale="ips-15")
    row = review.item_scores.first()
    client.force_login(reviewer)
    url = reverse("reviews:save_item", args=[review.pk, row.pk])
    # session, user, review, reviewers with their users, groups, open hearing, the row; then
    # the save: savepoint, row for update, the review's stage, the model's check that the
    # review is not finalized, update, history insert, release (no session write within a
    # minute).
    with django_assert_num_queries(14):
        response = client.post(url, {"field": "score", "value": "3", "version": 1})
    assert response.status_code == 200


def test_the_leader_reads_a_finalized_review_without_any_field(client, reviewer, leader):
    site = make_site(leaders=[leader])
    review = finalize(score_all(make_review(lead=reviewer, site=site)), reviewer)
    client.force_login(leader)
    page = client.get(review.get_absolute_url()).text
    assert "kan kun læses" in page
    assert "<textarea" not in page
    assert "data-autosave-object" not in page
    assert "Bemærkning til item 25" in page


def test_lists_show_totals_and_bands(client, reviewer, leader):
    site = make_site(leaders=[leader])
    finalize(score_all(make_review(lead=reviewer, site=site), [5] * 25), reviewer)
    make_review(lead=reviewer, site=make_site("Kolding Kommune"), scale="ips-15")
    client.force_login(reviewer)
    page = client.get(reverse("reviews:my_reviews")).text
    assert "Eksemplarisk IPS fidelity" in page
    assert "125" in page
    assert "0 af 15 scoret" in page
    client.force_login(leader)
    page = client.get(reverse("reviews:leader_reports")).text
    assert "Vejle Kommune" in page
    assert "Kolding Kommune" not in page


def test_lists_run_a_fixed_number_of_queries(client, reviewer, django_assert_num_queries):
    for name in ("Vejle Kommune", "Kolding Kommune", "Horsens Kommune"):
        make_review(lead=reviewer, site=make_site(name))
    client.force_login(reviewer)
    # session, user, groups, reviews with totals, bands, reviewers, open hearings (the
    # stage "I høring")
    with django_assert_num_queries(7):
        client.get(reverse("reviews:my_reviews"))


def test_a_reviewer_creates_a_review_and_becomes_its_lead(client, reviewer, other_reviewer):
    site = make_site()
    client.force_login(reviewer)
    page = client.get(reverse("reviews:review_create")).text
    assert "Otto Other" in page
    assert "IPS-25 v1 – Fidelityskalaen 2008" in page
    response = client.post(
        reverse("reviews:review_create"),
        {
            "site": site.pk,
            "scale": Review._meta.get_field("scale").related_model.objects.get(code="ips-15").pk,
            "visit_date": "2026-11-20",
            "kind": "external",
            "co_reviewers": [other_reviewer.pk],
        },
    )
    review = Review.objects.get()
    assert response.url == review.get_absolute_url()
    assert review.reviewer_links.get(is_lead=True).user == reviewer
    assert review.reviewer_links.count() == 2
    assert review.item_scores.count() == 15


def test_a_regional_coordinator_creates_a_review_naming_its_reviewers(
    client, reviewer, other_reviewer
):
    from accounts import roles
    from tests.factories import make_user

    coordinator = make_user("coordinator", role=roles.COORDINATOR)
    vejle = make_site("Vejle Kommune")
    holbaek = make_site("Holbæk Kommune", region="Region Sjælland")
    coordinator.coordinated_regions.add(vejle.region)
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review_create")).text
    assert "Ansvarlig bedømmer" in page
    assert "Vejle Kommune" in page
    assert "Holbæk Kommune" not in page  # not their region
    assert 'name="new_site"' not in page
    ips15 = Review._meta.get_field("scale").related_model.objects.get(code="ips-15").pk
    data = {"scale": ips15, "visit_date": "2026-11-20", "kind": "external"}
    # The lead is not also a co-reviewer; a site outside their regions is refused.
    refused = client.post(
        reverse("reviews:review_create"),
        {**data, "site": vejle.pk, "lead": reviewer.pk, "co_reviewers": [reviewer.pk]},
    )
    assert "Den ansvarlige bedømmer er ikke også medbedømmer." in refused.text
    refused = client.post(
        reverse("reviews:review_create"), {**data, "site": holbaek.pk, "lead": reviewer.pk}
    )
    assert refused.status_code == 200
    assert not Review.objects.exists()
    response = client.post(
        reverse("reviews:review_create"),
        {**data, "site": vejle.pk, "lead": reviewer.pk, "co_reviewers": [other_reviewer.pk]},
    )
    assert response.url == reverse("overview:home")
    review = Review.objects.get()
    assert review.reviewer_links.get(is_lead=True).user == reviewer
    assert {link.user for link in review.reviewer_links.all()} == {reviewer, other_reviewer}
    assert review.created_by == coordinator
    # Not on the review: the coordinator reads it once it is finalized, not the draft.
    assert client.get(review.get_absolute_url()).status_code == 404


def test_the_create_form_explains_bad_dates_in_danish(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:review_create"),
        {"site": make_site().pk, "visit_date": "20-11-2026x", "kind": "external"},
    )
    assert "Indtast en gyldig dato." in response.text
    assert "Dette felt er påkrævet." in response.text
    assert not Review.objects.exists()


def test_load_demo_builds_the_vejle_review_and_is_idempotent(db, monkeypatch):
    # The stored reports are tested in tests/reports/test_report_pdf.py; here a placeholder will do.
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    call_command("load_demo")
    counts = Review.objects.count(), Site.objects.count()
    call_command("load_demo")
    assert (Review.objects.count(), Site.objects.count()) == counts == (31, 20)
    vejle = Review.objects.get(site__name="Vejle Kommune")
    assert vejle.status == Review.Status.FINALIZED
    summary = (
        Review.objects.prefetch_related("item_scores__item__section")
        .get(pk=vejle.pk)
        .score_summary()
    )
    assert (summary.total, summary.band.label) == (101, "God IPS fidelity")
    assert vejle.evidence.count() == 5
    assert vejle.improvement_areas.count() == 5
    assert [str(link) for link in vejle.reviewer_links.all()] == ["Lone Hellström", "Marte Ustrup"]
    assert Site.objects.get(name="Vejle Kommune").leaders.get().username == "leader"
    fredericia = Review.objects.filter(site__name="Fredericia Kommune").order_by("visit_date")
    assert [r.status for r in fredericia] == [Review.Status.FINALIZED, Review.Status.DRAFT]


def test_the_demo_shows_two_reviewers_who_read_two_items_differently(client, db, monkeypatch):
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    call_command("load_demo", "--without-region")
    client.force_login(get_user_model().objects.get(username="reviewer"))

    page = client.get(reverse("analytics:calibration")).text

    assert "På tværs af 3 reviews" in page
    assert page.count("ensidig: Marte Ustrup scorer i gennemsnit 1,0 højere") == 2
    assert "7. IPS-teamet" in page
    assert "14. Løbende arbejdsvurdering" in page
    assert page.count("markeret") == 2  # the item table marks the same two, no others


def test_an_admin_reopens_a_finalized_review_with_a_reason(client, reviewer, admin):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    client.force_login(admin)
    url = reverse("reviews:review_reopen", args=[review.pk])
    response = client.post(url, {"reason": ""})
    assert "Dette felt er påkrævet." in response.text
    review.refresh_from_db()
    assert review.is_finalized
    response = client.post(url, {"reason": "Item 3 skal vurderes igen"}, follow=True)
    assert "Reviewet er genåbnet" in response.text
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert review.reopenings.get().reopened_by == admin


def test_the_admin_site_shows_a_finalized_review_read_only(client, reviewer, admin):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    client.force_login(admin)
    url = reverse("admin:reviews_review_change", args=[review.pk])
    assert 'name="_save"' not in client.get(url).text
    response = client.post(url, {"visit_date": "2020-01-01", "kind": "self"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.kind == "external"


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_rating_page_runs_a_fixed_number_of_queries(
    client, reviewer, other_reviewer, django_assert_num_queries, code
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale=code)
    rate(review, reviewer, [3] * review.scale.items.count(), notes="Noter")
    client.force_login(reviewer)
    # session, user; review with site, region and scale; reviewers with their users; groups;
    # items with sections; anchors; the user's ratings; the previous round's item scores
    # and their actions; the visit's notes; the access log's insert.
    with django_assert_num_queries(13):
        response = client.get(reverse("reviews:my_rating", args=[review.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_consensus_page_runs_a_fixed_number_of_queries(
    client, reviewer, other_reviewer, django_assert_num_queries, code
):
    review = make_review(lead=reviewer, co_reviewers=[other_reviewer], scale=code)
    count = review.scale.items.count()
    rate(review, reviewer, [3] * count)
    rate(review, other_reviewer, [4] * count)
    open_consensus(review)
    client.force_login(reviewer)
    frozen._frozen_items.clear()
    # session, user; review with site, region and scale; reviewers with their users;
    # ratings; item scores; bands; groups; the previous round's item scores and their
    # actions; the visit's notes; the access log's insert; and the first time in
    # the process, the scale version's items with sections, and anchors.
    with django_assert_num_queries(15):
        response = client.get(reverse("reviews:consensus", args=[review.pk]))
    assert response.status_code == 200
    with django_assert_num_queries(13):
        assert client.get(reverse("reviews:consensus", args=[review.pk])).status_code == 200


def test_administrators_land_on_the_start_page_not_the_admin_site(client, admin):
    client.force_login(admin)
    response = client.get(reverse("overview:home"))
    assert response.status_code == 200
    page = response.text
    assert 'data-testid="home-admin"' in page
    # The navigation shows the app's pages; the admin site stays one link among them.
    for name in ("reviews:all_reviews", "overview:overview", "scales:scale_list", "admin:index"):
        assert f'href="{reverse(name)}"' in page
    # The admin site's "View site" goes to the front page.
    assert 'href="/"' in client.get(reverse("admin:index")).text


def test_the_demo_gives_honest_dates_and_shows_vejle_as_entered_after_the_fact(
    client, db, monkeypatch
):
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 placeholder")
    call_command("load_demo", "--without-region")
    vejle = Review.objects.get(site__name="Vejle Kommune")
    assert vejle.after_the_fact
    assert vejle.finalized_at.date().isoformat() == "2023-06-07"
    client.force_login(get_user_model().objects.get(username="reviewer"))
    page = client.get(vejle.get_absolute_url()).text
    assert "afsluttet den 7. juni 2023" in page
    assert "Indtastet efterfølgende" in page
    # No rating stage: no own rating, no consensus, no agreement figures.
    assert reverse("reviews:my_rating", args=[vejle.pk]) not in page
    assert reverse("reviews:consensus", args=[vejle.pk]) not in page
    assert client.get(reverse("reviews:consensus", args=[vejle.pk])).url == vejle.get_absolute_url()
    assert "indtastet efterfølgende" in client.get(reverse("reviews:my_reviews")).text
    # The calibration reviews were rated independently, in their day.
    for review in Review.objects.filter(site__name__in=["Kolding Kommune", "Middelfart Kommune"]):
        assert not review.after_the_fact
        assert review.finalized_at.year == 2025
        assert (
            reverse("reviews:consensus", args=[review.pk])
            in client.get(review.get_absolute_url()).text
        )


def test_make_demo_reset_builds_a_new_demo_database():
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    steps = subprocess.run(
        [make, "-n", "demo-reset"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "rm -f var/db.sqlite3" in steps
    assert steps.index("rm -f var/db.sqlite3") < steps.index("migrate") < steps.index("load_demo")


def test_lists_are_sorted_by_date_and_searched_and_filtered(client, reviewer, other_reviewer):
    finalize(
        score_all(make_review(lead=reviewer, site=make_site(), visit_date="2024-05-01")),
        reviewer,
    )
    make_review(lead=reviewer, site=make_site("Kolding Kommune"), visit_date="2026-01-10")
    make_review(
        lead=reviewer,
        co_reviewers=[other_reviewer],
        site=make_site("Horsens Kommune"),
        scale="ips-15",
        visit_date="2025-03-01",
    )
    client.force_login(reviewer)
    url = reverse("reviews:my_reviews")

    def sites(query=""):
        page = client.get(url + query).text
        return [n for n in ("Kolding", "Horsens", "Vejle") if f">{n} Kommune</a>" in page], page

    names, page = sites()
    assert "3 reviews" in page
    # Newest visit first: Kolding 2026, Horsens 2025, Vejle 2024.
    assert page.index(">Kolding") < page.index(">Horsens") < page.index(">Vejle")
    assert sites("?q=hors")[0] == ["Horsens"]
    assert sites("?q=otto")[0] == ["Horsens"]  # a reviewer's name
    assert sites("?q=ips-15")[0] == ["Horsens"]
    assert sites("?status=finalized&q=")[0] == ["Vejle"]
    names, page = sites("?order=oldest")
    assert page.index(">Vejle") < page.index(">Horsens") < page.index(">Kolding")
    names, page = sites("?q=aarhus")
    assert names == []
    assert "Intet review passer til søgningen og filtrene." in page
    # A bad value is ignored, not an error.
    assert client.get(url + "?status=bogus&order=x").status_code == 200
