"""Due notices: the site's leaders a week before an action falls due, the reviewers of a site
when it becomes due; each once, by `manage.py send_due_notices`. Whom each goes to is the
access table's: the administrator role itself brings none."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts import roles
from followup import services
from followup.due import due_notices_send
from followup.models import Action
from notices.models import NoticeKind, NoticeOptOut
from outbox.models import Email
from tests.factories import finalize, make_review, make_site, make_user, score_all

TODAY = datetime.date(2027, 2, 22)


@pytest.fixture(autouse=True)
def _placeholder(placeholder_pdf):
    """Every test here finalizes reviews; the report itself is not the subject."""


def with_email(user):
    user.email = f"{user.username}@example.dk"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def review(reviewer, leader, other_leader):
    with_email(reviewer), with_email(leader), with_email(other_leader)
    site = make_site(leaders=[leader])
    make_site("Kolding Kommune", leaders=[other_leader])
    # 60 of 75 on IPS-15 is below "God": due six months after the visit, on 2027-04-01.
    review = make_review(
        lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2026, 10, 1)
    )
    return finalize(score_all(review, [4] * 15), reviewer)


def action(review, user, due_date, status=Action.Status.IN_PROGRESS, text="Ugentlige møder"):
    return services.action_create(
        review=review,
        user=user,
        text=text,
        responsible="IPS-leder",
        due_date=due_date,
        status=status,
    )


def test_leaders_hear_a_week_before_an_action_falls_due(review, leader, mailoutbox, run_tasks):
    action(review, leader, TODAY + datetime.timedelta(days=7))
    action(review, leader, TODAY + datetime.timedelta(days=8), text="Senere")
    action(review, leader, TODAY + datetime.timedelta(days=3), status=Action.Status.DONE)
    action(review, leader, TODAY - datetime.timedelta(days=1), text="For sent")
    due_notices_send(today=TODAY)
    run_tasks()
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["leader@example.dk"], "Frist for en handling 1. marts 2027: Vejle Kommune")
    ]
    assert "Ugentlige møder" in mailoutbox[0].body
    assert "/handleplan/#action-" in mailoutbox[0].body


def test_each_notice_is_sent_once_and_again_for_a_new_date(review, leader):
    first = action(review, leader, TODAY + datetime.timedelta(days=5))
    due_notices_send(today=TODAY)
    due_notices_send(today=TODAY + datetime.timedelta(days=1))
    assert Email.objects.filter(kind=NoticeKind.ACTION_DUE).count() == 1
    services.action_update(
        action=first,
        base_version=first.version,
        text=first.text,
        responsible=first.responsible,
        due_date=TODAY + datetime.timedelta(days=6),
        status=first.status,
    )
    due_notices_send(today=TODAY + datetime.timedelta(days=1))
    assert Email.objects.filter(kind=NoticeKind.ACTION_DUE).count() == 2


def test_reviewers_hear_when_a_site_becomes_due(
    review, reviewer, other_reviewer, mailoutbox, run_tasks
):
    with_email(other_reviewer)
    due_notices_send(today=datetime.date(2027, 3, 31))
    assert not Email.objects.exists()
    call_command("send_due_notices", "--date", "2027-04-01", stdout=io.StringIO())
    call_command("send_due_notices", "--date", "2027-04-02", stdout=io.StringIO())
    run_tasks()
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["reviewer@example.dk"], "Vejle Kommune skal have sit næste review")
    ]
    assert "1. april 2027" in mailoutbox[0].body


def test_a_site_long_overdue_wakes_nobody(review):
    due_notices_send(today=datetime.date(2027, 6, 1))
    assert not Email.objects.exists()


def test_being_an_administrator_brings_no_due_notices(review, admin):
    with_email(admin)
    action(review, review.created_by, TODAY + datetime.timedelta(days=2))
    due_notices_send(today=TODAY)
    due_notices_send(today=datetime.date(2027, 4, 1))
    assert not Email.objects.filter(to=admin.email).exists()


def test_an_administrator_who_leads_the_site_hears_as_its_leader(review, leader, admin):
    with_email(admin)
    admin.groups.add(Group.objects.get(name=roles.LEADER))
    review.site.leaders.add(admin)
    action(review, leader, TODAY + datetime.timedelta(days=2))
    due_notices_send(today=TODAY)
    assert sorted(Email.objects.values_list("to", flat=True)) == [
        "admin@example.dk",
        "leader@example.dk",
    ]


def test_a_notice_turned_off_is_not_sent(review, leader):
    NoticeOptOut.objects.create(user=leader, kind=NoticeKind.ACTION_DUE)
    action(review, leader, TODAY + datetime.timedelta(days=2))
    due_notices_send(today=TODAY)
    assert not Email.objects.exists()


def test_another_sites_leader_hears_nothing(review, leader, other_leader):
    action(review, leader, TODAY + datetime.timedelta(days=2))
    due_notices_send(today=TODAY)
    assert list(Email.objects.values_list("to", flat=True)) == ["leader@example.dk"]


def test_a_former_leader_without_the_role_hears_nothing(review, leader):
    leader.groups.clear()
    action(review, leader, TODAY + datetime.timedelta(days=2))
    due_notices_send(today=TODAY)
    assert not Email.objects.exists()


def test_the_text_goes_as_plain_text_and_the_subject_on_one_line(
    review, leader, mailoutbox, run_tasks
):
    review.site.name = "Vejle\nKommune <b>"
    review.site.save()
    action(review, leader, TODAY + datetime.timedelta(days=2), text="<script>x</script>\nLinje 2")
    due_notices_send(today=TODAY)
    run_tasks()
    message = mailoutbox[0]
    assert "\n" not in message.subject
    assert "<script>x</script>\nLinje 2" in message.body
    assert message.content_subtype == "plain"


def test_a_bad_date_is_refused(review):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_due_notices", "--date", "1.4.2027", stdout=io.StringIO())
    assert not Email.objects.exists()


def test_a_user_made_here_is_not_a_reviewer_of_the_site(review):
    outsider = with_email(make_user("outsider", role=roles.REVIEWER))
    due_notices_send(today=datetime.date(2027, 4, 1))
    assert not Email.objects.filter(to=outsider.email).exists()
