"""E-mail notices: sent once each, through the outbox, and each person chooses all but one."""

import pytest
from django.urls import reverse

from notices.models import NoticeKind, NoticeOptOut
from notices.services import absolute_url, notice_send
from outbox.models import Email


@pytest.fixture
def lis(leader):
    leader.email = "lis@example.dk"
    leader.save(update_fields=["email"])
    return leader


def send(user, kind=NoticeKind.ACTION_DUE, key="action:7"):
    return notice_send(user=user, kind=kind, subject="Frist om en uge", body="Se planen.", key=key)


def test_a_notice_is_sent_once_per_thing_it_is_about(lis, mailoutbox, run_tasks):
    assert send(lis) is True
    assert send(lis) is True
    send(lis, key="action:8")
    run_tasks()

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lis@example.dk"], "Frist om en uge"),
        (["lis@example.dk"], "Frist om en uge"),
    ]
    assert set(Email.objects.values_list("kind", flat=True)) == {"action_due"}


def test_a_notice_turned_off_is_not_sent(client, lis, mailoutbox, run_tasks):
    client.force_login(lis)
    response = client.post(
        reverse("notices:notice_settings"),
        {"kinds_on": [NoticeKind.DRAFT_FOR_COMMENTS]},
        follow=True,
    )
    assert "Dit valg af e-mails er gemt." in response.content.decode()

    assert send(lis, NoticeKind.ACTION_DUE) is False
    assert send(lis, NoticeKind.DRAFT_FOR_COMMENTS) is True
    run_tasks()
    assert len(mailoutbox) == 1


def test_the_final_report_notice_cannot_be_turned_off(client, lis, mailoutbox, run_tasks):
    client.force_login(lis)
    # Even a hand-made form that sends nothing leaves the final report's notice on.
    client.post(reverse("notices:notice_settings"), {})

    assert set(NoticeOptOut.objects.filter(user=lis).values_list("kind", flat=True)) == {
        NoticeKind.DRAFT_FOR_COMMENTS,
        NoticeKind.ACTION_DUE,
    }
    assert send(lis, NoticeKind.FINAL_READY, key="report:1") is True
    page = client.get(reverse("notices:notice_settings")).content.decode()
    assert 'type="checkbox" checked disabled' in page


def test_an_unknown_kind_changes_nothing(client, lis):
    client.force_login(lis)
    response = client.post(reverse("notices:notice_settings"), {"kinds_on": ["everything_off"]})

    assert response.status_code == 200
    assert "tilgængelige valg" in response.content.decode()
    assert not NoticeOptOut.objects.exists()


def test_each_role_is_offered_its_own_notices(client, reviewer, lis):
    client.force_login(reviewer)
    page = client.get(reverse("notices:notice_settings")).content.decode()
    assert "konsensus" in page
    assert "udkast" not in page
    client.force_login(lis)
    page = client.get(reverse("notices:notice_settings")).content.decode()
    assert "udkast" in page
    assert "konsensus" not in page


def test_a_person_without_an_address_is_told_and_sent_nothing(client, reviewer):
    client.force_login(reviewer)
    assert (
        "har ingen e-mailadresse" in client.get(reverse("notices:notice_settings")).content.decode()
    )
    assert send(reviewer, NoticeKind.CONSENSUS_OPEN) is False


def test_a_failing_mail_server_leaves_the_notice_queued_for_a_retry(
    lis, mailoutbox, run_tasks, settings
):
    settings.EMAIL_BACKEND = "tests.notices.test_notices.FailingBackend"
    send(lis)
    run_tasks()

    email = Email.objects.get()
    assert email.status == Email.Status.QUEUED
    assert email.attempts == 1
    assert "refused" in email.last_error


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused")


def test_links_point_at_the_configured_address(settings):
    settings.SITE_URL = "https://fidelity.example.dk/"
    assert absolute_url("/reviews/7/") == "https://fidelity.example.dk/reviews/7/"


def test_the_name_in_the_navigation_leads_to_the_account_page(client, reviewer):
    client.force_login(reviewer)
    home = client.get(reverse("reviews:my_reviews")).content.decode()
    assert f'href="{reverse("notices:notice_settings")}">Rita Reviewer</a>' in home
    page = client.get(reverse("notices:notice_settings")).content.decode()
    assert '<h1 class="h2 mb-3">Din konto</h1>' in page
    assert "Totrinslogin er slået fra for din konto." in page
    assert reverse("accounts:second_factor_setup") in page
