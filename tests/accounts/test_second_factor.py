"""Two-factor login: administrators and leaders reach no page before their code, the admin
site included; a wrong code counts towards the lockout like a wrong password."""

from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import secondfactor
from people.middleware import OPEN_WHILE_PENDING
from tests.factories import PASSWORD, app_with_key, make_user, totp_code, totp_device


def every_url():
    """One address for every URL pattern of the project and of the admin site."""
    urls, unreversed = [], []

    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = namespace + entry.name
                regex = entry.pattern.regex
                for sample in ("1", "auth", "reviews"):
                    kwargs = dict.fromkeys(regex.groupindex, sample)
                    args = [] if kwargs else [sample] * regex.groups
                    try:
                        urls.append((name, reverse(name, args=args, kwargs=kwargs)))
                        break
                    except NoReverseMatch:
                        continue
                else:
                    unreversed.append(name)

    walk(get_resolver(), "")
    assert unreversed == []
    return sorted(set(urls))


URLS = every_url()


def log_in_with_password(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("persona", ["admin", "leader"])
def test_no_page_before_the_second_factor(client, request, persona):
    user = request.getfixturevalue(persona)
    has_app = persona == "admin"
    if has_app:
        totp_device(user)
    log_in_with_password(client, user)
    target = reverse("accounts:second_factor" if has_app else "accounts:second_factor_setup")
    checked = 0
    for name, url in URLS:
        if name in OPEN_WHILE_PENDING:
            continue
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url == f"{target}?next={quote(url, safe='')}", name
        checked += 1
    assert checked > 60  # the admin site's pages are among them
    assert any(name.startswith("admin:") for name, _ in URLS)


def test_an_administrator_logs_in_with_a_code(client, admin):
    device = totp_device(admin)
    response = log_in_with_password(client, admin)
    response = client.get(response.url)
    assert response.url == "/login/totrin/?next=%2F"
    page = client.get(response.url).text
    assert "Totrinslogin" in page
    assert "Mine reviews" not in page  # no navigation before the code
    response = client.post("/login/totrin/", {"code": totp_code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_or_old_code_is_refused(client, admin):
    device = totp_device(admin)
    log_in_with_password(client, admin)
    response = client.post("/login/totrin/", {"code": totp_code(device, steps=-4)})
    assert response.status_code == 200
    assert "Koden passer ikke" in response.text
    assert client.get("/overblik/").status_code == 302


def test_a_code_works_once(client, admin):
    device = totp_device(admin)
    code = totp_code(device)
    log_in_with_password(client, admin)
    assert client.post("/login/totrin/", {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, admin)
    response = client.post("/login/totrin/", {"code": code})
    assert response.status_code == 200


def test_a_recovery_code_works_once(client, leader):
    totp_device(leader)
    codes = secondfactor.recovery_codes_create(leader)
    log_in_with_password(client, leader)
    response = client.post("/login/totrin/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert secondfactor.recovery_codes(leader) == codes[1:]
    assert client.get("/rapporter/").status_code == 200
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, leader)
    assert client.post("/login/totrin/", {"code": codes[0]}).status_code == 200


def test_five_wrong_codes_lock_even_the_right_one_out(client, admin):
    device = totp_device(admin)
    log_in_with_password(client, admin)
    for _attempt in range(5):
        response = client.post("/login/totrin/", {"code": "000000"})
    assert response.status_code == 429
    response = client.post("/login/totrin/", {"code": totp_code(device)})
    assert response.status_code == 429
    assert "For mange mislykkede" in response.text
    assert client.get("/overblik/").status_code == 302


def test_logging_in_with_the_password_again_does_not_reset_wrong_codes(client, admin):
    device = totp_device(admin)
    log_in_with_password(client, admin)
    for _ in range(4):
        client.post("/login/totrin/", {"code": "000000"})
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, admin)
    response = client.post("/login/totrin/", {"code": "000000"})
    assert response.status_code == 429
    assert client.post("/login/totrin/", {"code": totp_code(device)}).status_code == 429


def test_wrong_codes_and_wrong_passwords_count_together(client, admin):
    totp_device(admin)
    for _ in range(3):
        client.post(
            reverse("accounts:login"), {"username": "admin", "password": "wrong-password-123"}
        )
    log_in_with_password(client, admin)
    client.post("/login/totrin/", {"code": "000000"})
    response = client.post("/login/totrin/", {"code": "000000"})
    assert response.status_code == 429


def test_the_right_code_clears_the_count(client, admin):
    device = totp_device(admin)
    log_in_with_password(client, admin)
    for _ in range(4):
        client.post("/login/totrin/", {"code": "000000"})
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post("/login/totrin/", {"code": totp_code(device)}).status_code == 302
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, admin)
    for _ in range(4):
        response = client.post("/login/totrin/", {"code": "000000"})
    assert response.status_code == 200


def test_codes_in_quick_succession_are_throttled(client, admin, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = totp_device(admin)
    log_in_with_password(client, admin)
    client.post("/login/totrin/", {"code": "000000"})
    response = client.post("/login/totrin/", {"code": totp_code(device)})
    assert "Vent 60 sekunder" in response.text


def test_a_leader_without_an_app_sets_one_up_straight_after_the_password(client, leader):
    response = log_in_with_password(client, leader)
    response = client.get(response.url)
    assert response.url == "/konto/totrin/?next=%2F"
    page = client.get(response.url).text
    assert "<svg" in page
    assert "QR-kode" in page
    assert "Rapporter" not in page  # no navigation until it is done
    shown = client.get("/konto/totrin/").context["secret"]
    # Reloading shows the same key, so a half-done scan still works; nothing is stored yet.
    assert client.get("/konto/totrin/").context["secret"] == shown
    assert not TOTPDevice.objects.filter(user=leader).exists()
    app = app_with_key(shown)
    response = client.post("/konto/totrin/", {"code": "123456", "next": "/"})
    assert "Koden passer ikke" in response.text
    response = client.post("/konto/totrin/", {"code": totp_code(app), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/konto/gendannelseskoder/?next=/"
    page = client.get(response.url)
    assert len(page.context["codes"]) == 10
    assert 'data-testid="home-leader"' in client.get("/").text
    device = TOTPDevice.objects.get(user=leader)
    assert (device.confirmed, device.key) == (True, app.key)


def test_a_password_alone_cannot_replace_someones_app(client, admin):
    totp_device(admin)
    log_in_with_password(client, admin)
    response = client.get("/konto/totrin/")
    assert response.status_code == 302
    assert response.url.startswith("/login/totrin/")
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_a_new_app_replaces_the_old_one(client, admin):
    old = totp_device(admin)
    client.force_login(admin)
    new = app_with_key(client.get("/konto/totrin/").context["secret"])
    client.post("/konto/totrin/", {"code": totp_code(new)})
    assert list(TOTPDevice.objects.filter(user=admin).values_list("key", flat=True)) == [new.key]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_reviewers_need_no_second_factor_but_may_set_one_up(client, reviewer):
    log_in_with_password(client, reviewer)
    assert client.get("/reviews/").status_code == 200
    device = app_with_key(client.get("/konto/totrin/").context["secret"])
    client.post("/konto/totrin/", {"code": totp_code(device)})
    client.post(reverse("accounts:logout"))
    # From now on their login asks for it too.
    log_in_with_password(client, reviewer)
    assert client.get("/reviews/").url == "/login/totrin/?next=%2Freviews%2F"
    client.post("/login/totrin/", {"code": totp_code(device, steps=1)})
    assert client.get("/reviews/").status_code == 200


def test_removing_the_app_in_the_admin_ends_its_verified_sessions(client, admin):
    device = totp_device(admin)
    client.force_login(admin)
    assert client.get("/overblik/").status_code == 200
    device.delete()
    response = client.get("/overblik/")
    assert response.url.startswith("/konto/totrin/")


def test_the_admin_site_login_form_is_not_a_way_around(client, admin):
    totp_device(admin)
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_a_user_without_a_role_is_not_asked_for_a_code(client, db):
    nobody = make_user("nobody")
    log_in_with_password(client, nobody)
    assert "ingen rolle" in client.get("/").text


def test_the_demo_administrator_logs_in_with_the_published_key(client, db, settings):
    from base64 import b32encode

    from django.core.management import call_command
    from django_otp.oath import totp

    from demo import loading as demo

    call_command("load_demo", "--without-region", stdout=__import__("io").StringIO())
    secret = b32encode(bytes.fromhex(demo.DEMO_TOTP_KEY)).decode()
    assert secret == "JFIFGRTJMRS4HJDJOR4S2ZDFNVXS2MRW"  # as printed in the README
    client.post(reverse("accounts:login"), {"username": "admin", "password": demo.DEMO_PASSWORD})
    code = f"{totp(bytes.fromhex(demo.DEMO_TOTP_KEY)):06d}"
    assert client.post("/login/totrin/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "leader", "password": demo.DEMO_PASSWORD})
    assert client.post("/login/totrin/", {"code": "demo0001"}).status_code == 302
    assert client.get("/rapporter/").status_code == 200


def test_the_demo_is_never_loaded_on_a_server(db, settings):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["fidelity.example.dk"]
    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo", "--without-region")
    assert not TOTPDevice.objects.exists()
