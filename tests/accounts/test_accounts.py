import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD, totp_code, totp_device


def post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    ("persona", "section"),
    [("reviewer", "home-reviewer"), ("leader", "home-leader"), ("admin", "home-admin")],
)
def test_each_role_lands_on_its_start_page(client, persona, section, request):
    """Administrators and leaders pass their code on the way (test_second_factor.py)."""
    user = request.getfixturevalue(persona)
    device = totp_device(user) if persona != "reviewer" else None
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302
    if device:
        response = client.get(response.url)
        assert response.url == "/login/totrin/?next=%2F"
        response = client.post(response.url, {"code": totp_code(device), "next": "/"})
    assert response.url == "/"
    response = client.get(response.url)
    assert response.status_code == 200
    assert f'data-testid="{section}"' in response.text


def test_user_without_role_is_told_to_ask_an_administrator(client, django_user_model):
    django_user_model.objects.create_user("nobody", password=PASSWORD)
    client.post(reverse("accounts:login"), {"username": "nobody", "password": PASSWORD})
    response = client.get("/")
    assert "Din bruger har ingen rolle endnu" in response.text


def test_login_page_is_danish(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert "Log ind" in response.text
    assert "Brugernavn" in response.text
    assert "Adgangskode" in response.text


def test_wrong_password_shows_danish_error_and_logs_nobody_in(client, reviewer):
    response = post_login(client, "reviewer", "wrong-password-123")
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.text
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_user_on_this_address(client, reviewer):
    for _ in range(5):
        post_login(client, "reviewer", "wrong-password-123")
    response = post_login(client, "reviewer", PASSWORD)
    assert response.status_code == 429
    assert "For mange mislykkede" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, reviewer, other_reviewer):
    for _ in range(5):
        post_login(client, "reviewer", "wrong-password-123")
    response = post_login(client, "other_reviewer", PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, reviewer):
    for _ in range(4):
        post_login(client, "reviewer", "wrong-password-123")
    assert post_login(client, "reviewer", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(
        username="reviewer", failures_since_start__gt=0
    ).exists()
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        post_login(client, "reviewer", "wrong-password-123")
    assert post_login(client, "reviewer", PASSWORD).status_code == 302


def test_session_expires_after_30_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "accounts.sessions.SessionRefreshMiddleware" in settings.MIDDLEWARE


def test_an_active_session_is_written_at_most_once_a_minute(client, reviewer, monkeypatch):
    from accounts import sessions
    from accounts.models import Session

    clock = [1_000_000.0]
    monkeypatch.setattr(sessions, "now_seconds", lambda: clock[0])
    client.force_login(reviewer)
    client.get(reverse("reviews:my_reviews"))
    key = client.cookies["sessionid"].value
    first = Session.objects.get(session_key=key).expire_date

    clock[0] += 30
    response = client.get(reverse("reviews:my_reviews"))
    assert "sessionid" not in response.cookies  # nothing written
    assert Session.objects.get(session_key=key).expire_date == first

    clock[0] += 31
    response = client.get(reverse("reviews:my_reviews"))
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert Session.objects.get(session_key=key).expire_date > first


def test_an_anonymous_visit_makes_no_session(client):
    response = client.get(reverse("accounts:login"))
    assert "sessionid" not in response.cookies


def test_passwords_need_twelve_characters(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        validate_password("Kort1kode!")
    assert "mindst 12 tegn" in " ".join(excinfo.value.messages)
    with pytest.raises(ValidationError):
        validate_password("password1234")
    validate_password("lang-nok-og-ualmindelig-2026")


def test_migrate_leaves_the_role_groups_with_exactly_their_permissions(db):
    """Synced on the last app's post_migrate, when every app's permissions exist."""
    from django.contrib.auth.models import Group

    from accounts import roles

    admin_apps = Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list(
        "content_type__app_label", flat=True
    )
    assert set(admin_apps) == set(roles.ADMIN_APPS)
    for name in (roles.REVIEWER, roles.LEADER):
        assert not Group.objects.get(name=name).permissions.exists()
