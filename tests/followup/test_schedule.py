"""Each site's next review: 6 months after a review below "Good", 12 otherwise, moved by its
reviewers and administrators with a reason; Kommende reviews; the overview marks overdue."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.due import due_notices_send
from followup.models import ScheduleChange
from followup.schedule import site_schedule
from outcomes.models import OutcomePeriod
from reviews.models import Review
from tests.clients import Client
from tests.factories import finalize, make_review, make_site, score_all
from toolkit.dates import add_months


@pytest.fixture(autouse=True)
def _placeholder(placeholder_pdf):
    """Every test here finalizes reviews; the report itself is not the subject."""


def reviewed(site, reviewer, *, score, visit_date):
    review = make_review(lead=reviewer, site=site, scale="ips-15", visit_date=visit_date)
    return finalize(score_all(review, [score] * 15), reviewer)


def test_months_are_added_on_the_calendar():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 10, 15), 12) == datetime.date(2027, 10, 15)


def test_below_good_the_site_is_due_after_six_months(reviewer):
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))  # 60: Rimelig
    assert site_schedule(site).next_date == datetime.date(2026, 9, 10)


def test_good_or_better_the_site_is_due_after_twelve_months(reviewer):
    site = make_site()
    reviewed(site, reviewer, score=5, visit_date=datetime.date(2026, 3, 10))  # 75: God
    assert site_schedule(site).next_date == datetime.date(2027, 3, 10)


def test_a_site_without_a_finalized_review_has_no_date(reviewer):
    site = make_site()
    make_review(lead=reviewer, site=site)
    assert site_schedule(site).next_date is None


def test_a_moved_date_holds_until_the_next_review_is_finalized(reviewer):
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    change = services.next_review_set(
        site=site,
        user=reviewer,
        date=datetime.date(2026, 11, 1),
        reason="Ny leder",
        based_on=datetime.date(2026, 9, 10),
    )
    assert change.previous_date == datetime.date(2026, 9, 10)
    assert site_schedule(site).next_date == datetime.date(2026, 11, 1)
    reviewed(site, reviewer, score=5, visit_date=datetime.date(2026, 10, 20))
    assert site_schedule(site).next_date == datetime.date(2027, 10, 20)


def test_a_reviewer_moves_the_date_with_a_reason(client, reviewer):
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    client.force_login(reviewer)
    url = reverse("followup:next_review_edit", args=[site.pk])
    data = {"date": "2026-12-01", "reason": "Stedet bad om december", "based_on": "2026-09-10"}
    response = client.post(url, data)
    assert response.url == reverse("followup:upcoming_reviews")
    change = ScheduleChange.objects.get()
    assert (change.date, change.previous_date, change.changed_by) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 9, 10),
        reviewer,
    )
    page = client.get(url).text
    assert "Stedet bad om december" in page
    assert "10.09.2026" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-12-01", "reason": ""}, "Dette felt er påkrævet"),
        ({"date": "2026-12-01", "reason": "   "}, "Dette felt er påkrævet"),
        ({"date": "", "reason": "Ny leder"}, "Dette felt er påkrævet"),
        ({"date": "1.13.2026", "reason": "Ny leder"}, "Indtast en gyldig dato"),
        ({"date": "2026-09-10", "reason": "Ny leder"}, "allerede på den dato"),
    ],
)
def test_bad_input_is_refused_in_danish_and_changes_nothing(client, reviewer, data, message):
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    client.force_login(reviewer)
    data = {**data, "based_on": "2026-09-10"}
    response = client.post(reverse("followup:next_review_edit", args=[site.pk]), data)
    assert response.status_code == 400
    assert message in response.text
    assert not ScheduleChange.objects.exists()
    assert site_schedule(site).next_date == datetime.date(2026, 9, 10)


def test_two_reviewers_moving_one_date_lose_nothing(client, reviewer, other_reviewer):
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    make_review(lead=other_reviewer, site=site, visit_date=datetime.date(2026, 11, 1))
    url = reverse("followup:next_review_edit", args=[site.pk])
    second = Client()
    client.force_login(reviewer)
    second.force_login(other_reviewer)
    seen = {"based_on": "2026-09-10"}
    client.post(url, {"date": "2026-12-01", "reason": "Stedet bad om december", **seen})
    response = second.post(url, {"date": "2027-01-15", "reason": "Ny leder", **seen})
    assert response.status_code == 400
    assert "Rita Reviewer flyttede næste review til 1. december 2026" in response.text
    assert "Stedet bad om december" in response.text
    assert site_schedule(site).next_date == datetime.date(2026, 12, 1)
    # Having seen it, the second reviewer moves it on purpose; both moves are kept.
    second.post(url, {"date": "2027-01-15", "reason": "Ny leder", "based_on": "2026-12-01"})
    assert site_schedule(site).next_date == datetime.date(2027, 1, 15)
    assert list(ScheduleChange.objects.order_by("pk").values_list("previous_date", "date")) == [
        (datetime.date(2026, 9, 10), datetime.date(2026, 12, 1)),
        (datetime.date(2026, 12, 1), datetime.date(2027, 1, 15)),
    ]


def test_a_leader_cannot_move_the_date(client, reviewer, leader):
    site = make_site(leaders=[leader])
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    client.force_login(leader)
    url = reverse("followup:next_review_edit", args=[site.pk])
    response = client.post(url, {"date": "2026-12-01", "reason": "Senere"})
    assert response.status_code == 403
    assert not ScheduleChange.objects.exists()


def test_upcoming_reviews_lists_due_and_overdue_sites(client, reviewer, other_reviewer):
    today = timezone.localdate()
    overdue = make_site("Vejle Kommune")
    soon = make_site("Kolding Kommune")
    later = make_site("Horsens Kommune")
    hidden = make_site("Odense Kommune")
    reviewed(overdue, reviewer, score=4, visit_date=add_months(today, -7))
    reviewed(soon, reviewer, score=4, visit_date=add_months(today, -5))
    reviewed(later, reviewer, score=5, visit_date=add_months(today, -1))
    reviewed(hidden, other_reviewer, score=4, visit_date=add_months(today, -7))
    services.next_review_set(
        site=soon,
        user=reviewer,
        date=today + datetime.timedelta(days=20),
        reason="<b>Ny</b>",
        based_on=site_schedule(soon).next_date,
    )
    client.force_login(reviewer)
    page = client.get(reverse("followup:upcoming_reviews")).text
    overdue_part, upcoming_part = page.split('id="upcoming-title"')
    assert "Vejle Kommune" in overdue_part
    assert "Kolding Kommune" in upcoming_part
    assert "&lt;b&gt;Ny&lt;/b&gt;" in upcoming_part
    assert "<b>Ny</b>" not in page
    assert "Horsens Kommune" not in page  # due in 11 months
    assert "Review i gang: besøg" not in page
    assert "Odense Kommune" not in page  # not a site of this reviewer's


def test_leaders_have_no_upcoming_reviews(client, leader):
    client.force_login(leader)
    assert client.get(reverse("followup:upcoming_reviews")).status_code == 403


def test_the_upcoming_reviews_run_a_fixed_number_of_queries(
    client, admin, reviewer, django_assert_num_queries
):
    today = timezone.localdate()
    for name in ("A Kommune", "B Kommune", "C Kommune"):
        reviewed(make_site(name), reviewer, score=4, visit_date=add_months(today, -7))
    client.force_login(admin)
    # session, user, second factor, groups; sites with regions; their finalized reviews
    # with totals; bands; changes of the date; reviews begun (the session is written at most
    # once a minute)
    with django_assert_num_queries(9):
        response = client.get(reverse("followup:upcoming_reviews"))
    assert response.text.count("Skift dato<span") == 3  # one link per site


def test_the_overview_marks_overdue_sites(client, admin, reviewer):
    today = timezone.localdate()
    reviewed(make_site("Vejle Kommune"), reviewer, score=4, visit_date=add_months(today, -7))
    reviewed(make_site("Kolding Kommune"), reviewer, score=4, visit_date=add_months(today, -1))
    client.force_login(admin)
    page = client.get(reverse("overview:overview") + "?scale=ips-15").text
    assert page.count("næste review overskredet") == 1
    vejle_row = page.split("Vejle Kommune</a>")[1].split("</th>")[0]
    assert "næste review overskredet" in vejle_row


def test_a_review_begun_is_shown_beside_the_date(client, reviewer):
    today = timezone.localdate()
    site = make_site()
    reviewed(site, reviewer, score=4, visit_date=add_months(today, -7))
    make_review(lead=reviewer, site=site, visit_date=today + datetime.timedelta(days=10))
    client.force_login(reviewer)
    page = client.get(reverse("followup:upcoming_reviews")).text
    day = today + datetime.timedelta(days=10)
    assert f"Review i gang: besøg {day:%d.%m.%Y}" in page


def test_reviewers_find_the_upcoming_reviews_from_their_lists(client, reviewer, leader):
    client.force_login(reviewer)
    assert reverse("followup:upcoming_reviews") in client.get(reverse("reviews:my_reviews")).text
    assert reverse("followup:upcoming_reviews") in client.get(reverse("overview:overview")).text
    client.force_login(leader)
    assert reverse("followup:upcoming_reviews") not in client.get(reverse("overview:overview")).text


def test_the_site_page_shows_the_next_review(client, reviewer, leader):
    site = make_site(leaders=[leader])
    reviewed(site, reviewer, score=4, visit_date=datetime.date(2026, 3, 10))
    client.force_login(leader)
    page = client.get(reverse("overview:site_detail", args=[site.pk])).text
    assert "Næste review: <strong>10. september 2026</strong>" in " ".join(page.split())
    assert reverse("followup:next_review_edit", args=[site.pk]) not in page
    client.force_login(reviewer)
    page = client.get(reverse("overview:site_detail", args=[site.pk])).text
    assert reverse("followup:next_review_edit", args=[site.pk]) in page


def test_one_implausible_stored_date_takes_no_shared_page_or_job_down(
    client, admin, reviewer, leader, placeholder_pdf
):
    """Stored before the date windows (or written past them): the next review is computed
    within the calendar, and every page and the daily job answer."""
    site = make_site(leaders=[leader])
    review = finalize(score_all(make_review(lead=reviewer, site=site, scale="ips-15")), reviewer)
    Review.objects.filter(pk=review.pk).update(visit_date=datetime.date(9999, 12, 31))
    OutcomePeriod.objects.bulk_create(
        [
            OutcomePeriod(site=site, start=datetime.date(1, 1, 1), end=datetime.date(1, 3, 31)),
            OutcomePeriod(
                site=site, start=datetime.date(9999, 10, 1), end=datetime.date(9999, 12, 31)
            ),
        ]
    )
    client.force_login(admin)
    for url in (
        reverse("overview:overview"),
        reverse("overview:overview_pdf"),
        reverse("followup:upcoming_reviews"),
        reverse("overview:site_detail", args=[site.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("overview:site_detail", args=[site.pk])).text
    assert len(page) < 400_000
    assert site_schedule(site).next_date == datetime.date.max
    due_notices_send(today=datetime.date(2027, 1, 1))
    call_command("send_due_notices", "--date", "2027-01-01", stdout=io.StringIO())
