"""Invitations and password resets: a one-time link that expires, e-mail through the outbox,
no password in any e-mail, the same answer whether an address is known or not."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import Invitation
from accounts.tokens import invitation_tokens
from outbox.models import Email
from tests.factories import PASSWORD, make_site

NEW_PASSWORD = "blå-hest-til-fidelity-2026"
User = get_user_model()


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def invite(client, **overrides):
    data = {
        "first_name": "Lise",
        "last_name": "Leder",
        "email": "Lise.Leder@Vejle.dk",
        "role": roles.LEADER,
        **overrides,
    }
    return client.post(reverse("people:person_invite"), data)


@pytest.fixture
def vejle(db):
    return make_site("Vejle Kommune")


def test_an_administrator_invites_a_regional_coordinator_with_their_regions(client, admin, vejle):
    client.force_login(admin)
    response = invite(client, role=roles.COORDINATOR)
    assert response.status_code == 200
    assert "Vælg de regioner, koordinatoren følger." in response.text
    assert not User.objects.filter(username="lise.leder@vejle.dk").exists()
    response = invite(client, role=roles.COORDINATOR, regions=[vejle.region_id])
    assert response.status_code == 302
    person = User.objects.get(username="lise.leder@vejle.dk")
    assert roles.role_names(person) == {roles.COORDINATOR}
    assert list(person.coordinated_regions.all()) == [vejle.region]
    response = invite(
        client, role=roles.NATIONAL_READER, email="n@example.dk", regions=[vejle.region_id]
    )
    assert "Kun en regional koordinator følger regioner." in response.text


def test_an_administrator_invites_a_leader_who_sets_their_own_password(
    client, admin, vejle, mailoutbox, run_tasks
):
    client.force_login(admin)
    response = invite(client, sites=[vejle.pk])
    assert response.status_code == 302
    person = User.objects.get(username="lise.leder@vejle.dk")
    assert roles.role_names(person) == {roles.LEADER}
    assert list(person.led_sites.all()) == [vejle]
    assert not person.has_usable_password()
    # Queued in the request, sent by the worker.
    assert mailoutbox == []
    assert Email.objects.get(kind="invitation").recipient == person
    run_tasks()
    [message] = mailoutbox
    assert message.to == ["lise.leder@vejle.dk"]
    assert message.subject == "Du er inviteret til IPS Fidelity"
    assert "Dit brugernavn er lise.leder@vejle.dk." in message.body
    assert "syv dage" in message.body

    client.logout()
    link = link_in(message)
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token out of the address
    form_url = response.url
    assert "Velkommen til IPS Fidelity" in client.get(form_url).text
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=person).accepted_at is not None

    # The link works once.
    response = client.get(link)
    assert "Linket virker ikke længere" in response.text


def test_an_invited_leader_sets_up_two_factor_login_at_the_first_login(
    client, admin, vejle, mailoutbox, run_tasks
):
    client.force_login(admin)
    invite(client, sites=[vejle.pk])
    run_tasks()
    client.logout()
    form_url = client.get(link_in(mailoutbox[0])).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(
        reverse("accounts:login"), {"username": "lise.leder@vejle.dk", "password": NEW_PASSWORD}
    )
    assert client.get("/rapporter/").url.startswith(reverse("accounts:second_factor_setup"))


def test_no_email_carries_a_password(client, admin, vejle, reviewer, mailoutbox, run_tasks):
    client.force_login(admin)
    invite(client, sites=[vejle.pk])
    client.logout()
    reviewer.email = "rita@example.dk"
    reviewer.save()
    client.post(reverse("accounts:password_reset"), {"email": "rita@example.dk"})
    run_tasks()
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert PASSWORD not in message.body
        assert "adgangskode:" not in message.body.lower()


def test_a_leader_needs_sites_and_nothing_is_created_without(client, admin, vejle, mailoutbox):
    client.force_login(admin)
    response = invite(client)
    assert response.status_code == 200
    assert "Vælg de steder, lederen er leder af." in response.text
    assert not User.objects.filter(email__iexact="lise.leder@vejle.dk").exists()
    assert not Email.objects.exists()


def test_an_address_already_in_use_is_refused(client, admin, reviewer):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    client.force_login(admin)
    response = invite(client, email="Rita@Example.dk", role=roles.REVIEWER)
    assert "Der findes allerede en person med denne e-mailadresse." in response.text
    assert User.objects.count() == 2


def test_an_invited_administrator_may_use_the_admin_site(client, admin, run_tasks):
    client.force_login(admin)
    invite(client, email="anna@region.dk", role=roles.ADMINISTRATOR)
    assert User.objects.get(username="anna@region.dk").is_staff


def test_an_invitation_expires_after_seven_days(client, admin, vejle, monkeypatch, settings):
    client.force_login(admin)
    invite(client, sites=[vejle.pk])
    person = User.objects.get(username="lise.leder@vejle.dk")
    token = invitation_tokens.make_token(person)
    assert invitation_tokens.check_token(person, token)
    later = invitation_tokens._now() + timedelta(seconds=settings.INVITATION_TIMEOUT + 1)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    assert not invitation_tokens.check_token(person, token)


def test_a_new_link_replaces_an_expired_one(client, admin, vejle, mailoutbox, run_tasks):
    client.force_login(admin)
    invite(client, sites=[vejle.pk])
    person = User.objects.get(username="lise.leder@vejle.dk")
    response = client.post(reverse("people:person_reinvite", args=[person.pk]))
    assert response.status_code == 302
    run_tasks()
    assert len(mailoutbox) == 2
    assert Invitation.objects.filter(user=person).count() == 2


def test_a_new_link_ends_the_old_one(client, admin, vejle, mailoutbox, run_tasks):
    client.force_login(admin)
    invite(client, sites=[vejle.pk])
    person = User.objects.get(username="lise.leder@vejle.dk")
    client.post(reverse("people:person_reinvite", args=[person.pk]))
    run_tasks()
    old, new = (link_in(message) for message in mailoutbox)
    client.logout()
    assert "Linket virker ikke længere" in client.get(old, follow=True).text
    form_url = client.get(new).url
    assert "Velkommen til IPS Fidelity" in client.get(form_url).text


def test_no_new_link_for_someone_who_chose_a_password(client, admin, reviewer, mailoutbox):
    client.force_login(admin)
    response = client.post(reverse("people:person_reinvite", args=[reviewer.pk]), follow=True)
    assert "Personen har allerede valgt en adgangskode." in response.text
    assert not Email.objects.exists()


def test_the_login_page_offers_a_password_reset(client, db):
    page = client.get(reverse("accounts:login")).text
    assert f'href="{reverse("accounts:password_reset")}"' in page
    assert "Glemt adgangskode?" in page


def test_a_reset_link_works_once(client, reviewer, mailoutbox, run_tasks):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    response = client.post(reverse("accounts:password_reset"), {"email": "RITA@example.dk"})
    assert response.status_code == 302
    assert mailoutbox == []
    run_tasks()
    [message] = mailoutbox
    assert message.subject == "Vælg en ny adgangskode til IPS Fidelity"
    link = link_in(message)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW_PASSWORD)
    assert "Linket virker ikke længere" in client.get(link).text


def test_no_administrator_can_read_a_one_time_link_in_the_outbox(
    client, admin, reviewer, vejle, mailoutbox, run_tasks
):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    client.post(reverse("accounts:password_reset"), {"email": "rita@example.dk"})
    client.force_login(admin)
    invite(client, role=roles.REVIEWER, email="ny@example.dk")
    run_tasks()

    links = [link_in(message) for message in mailoutbox]
    assert len(links) == 2
    for email in Email.objects.all():
        assert email.secret
        assert email.body == ""  # sent, so the link lives only in the recipient's inbox
        page = client.get(reverse("admin:outbox_email_change", args=[email.pk])).text
        assert email.subject in page
        assert not any(link in page for link in links)


def test_a_reset_answers_the_same_whether_the_address_is_known(client, reviewer, run_tasks):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    known = client.post(
        reverse("accounts:password_reset"), {"email": "rita@example.dk"}, follow=True
    )
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "ingen@example.dk"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert known.text == unknown.text
    run_tasks()
    assert Email.objects.count() == 1


def reset_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("accounts:password_reset"), {"email": address})
    # The statements are compared without their values (the queued task's payload is
    # signed, the counter counts up).
    return [
        re.sub(
            r"'[^']*'", "?", re.sub(r'"s\d+_x\d+"', "SAVEPOINT", query["sql"].split(" VALUES ")[0])
        )
        for query in queries.captured_queries
    ]


def test_a_reset_does_the_same_work_whether_the_address_is_known(client, reviewer):
    """What a request does cannot tell an address with an account from one without: the
    lookup is the worker's."""
    reviewer.email = "rita@example.dk"
    reviewer.save()
    reset_queries(client, "first@example.dk")  # the client address's count starts
    known = reset_queries(client, "rita@example.dk")
    unknown = reset_queries(client, "ingen@example.dk")
    assert known == unknown
    assert not any("auth_user" in sql for sql in known)


def test_fifteen_resets_in_a_second_send_three_emails(client, reviewer, run_tasks):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    for _ in range(15):
        client.post(reverse("accounts:password_reset"), {"email": "rita@example.dk"})
    run_tasks()
    assert Email.objects.filter(to="rita@example.dk").count() == 3


def test_one_address_asking_for_many_resets_is_held_back(client, reviewer, run_tasks):
    reviewer.email = "rita@example.dk"
    reviewer.save()
    for number in range(12):
        client.post(reverse("accounts:password_reset"), {"email": f"ukendt{number}@example.dk"})
    OrmQ = apps.get_model("django_q", "OrmQ")
    # Ten an hour from one client address reach the queue; the rest get the same answer.
    assert OrmQ.objects.count() == 10
    answer = client.post(reverse("accounts:password_reset"), {"email": "rita@example.dk"})
    assert answer.status_code == 302
    run_tasks()
    assert not Email.objects.exists()


def test_a_deactivated_person_gets_no_reset(client, reviewer):
    reviewer.email = "rita@example.dk"
    reviewer.is_active = False
    reviewer.save()
    client.post(reverse("accounts:password_reset"), {"email": "rita@example.dk"})
    assert not Email.objects.exists()


def test_a_reset_link_expires_after_two_hours(reviewer, monkeypatch, settings):
    from django.contrib.auth.tokens import default_token_generator

    token = default_token_generator.make_token(reviewer)
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert settings.PASSWORD_RESET_TIMEOUT == 2 * 60 * 60
    assert not default_token_generator.check_token(reviewer, token)


def test_only_administrators_invite(client, leader, reviewer, vejle):
    for person in (leader, reviewer):
        client.force_login(person)
        assert invite(client, sites=[vejle.pk]).status_code == 403
    assert not Invitation.objects.exists()
