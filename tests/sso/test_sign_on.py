"""Logging in through an organisation's identity provider (SAML 2.0, OIOSAML 3), against a
real identity provider started by the tests (tests/saml_idp.py) with its own keys."""

import base64
import html
import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as DjangoClient
from django.urls import reverse

from accounts import roles
from sso.models import IdentityProvider, SignOnAttempt
from tests.factories import make_site
from tests.saml_idp import response_form
from tests.sso.conftest import COORDINATOR_PRIVILEGE, LEADER_PRIVILEGE, VEJLE_CVR

Outcome = SignOnAttempt.Outcome


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url):
    """GET from the identity provider over HTTP: (status, body, Location)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as answer:
            return answer.status, answer.read().decode(), answer.headers.get("Location")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode(), answer.headers.get("Location")


def answer_from_idp(client, idp, next_path="/"):
    """Start a login at the app, let the identity provider answer: the form it posts."""
    start = client.get(reverse("sso:login"), {"idp": idp.entity_id, "next": next_path})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{idp.base}/idp/sso?SAMLRequest=")
    status, page, _ = _fetch(start["Location"])
    assert status == 200, page
    return response_form(page)


def post_answer(client, action, fields):
    return client.post(urlsplit(action).path, fields)


def sign_on(client, idp, next_path="/"):
    action, fields = answer_from_idp(client, idp, next_path)
    return post_answer(client, action, fields)


def _refused(response, words):
    assert response.status_code == 403
    text = response.content.decode()
    assert words in text, text
    return text


def test_a_leader_signs_on_without_an_invitation_and_lands_on_their_site(client, idp, vejle):
    other = make_site(name="Fredericia Kommune")
    response = sign_on(client, idp, next_path=reverse("overview:site_detail", args=[vejle.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:site_detail", args=[vejle.pk])
    user = get_user_model().objects.get(sign_on_identities__subject=idp.person.subject)
    assert (user.first_name, user.last_name, user.email) == ("Lene", "Leder", "lene.leder@vejle.dk")
    assert roles.role_names(user) == {roles.LEADER}
    assert list(user.led_sites.all()) == [vejle]
    assert not user.has_usable_password()
    # NemLog-in did two factors at Substantial: the app asks for none of its own.
    page = client.get(reverse("overview:site_detail", args=[vejle.pk]))
    assert page.status_code == 200
    assert "Vejle Kommune" in page.content.decode()
    assert client.get(reverse("overview:site_detail", args=[other.pk])).status_code == 404
    # The app's request was signed (the IdP verified it) and the login is recorded.
    assert idp.signed_requests == 1
    attempt = SignOnAttempt.objects.get()
    assert (attempt.outcome, attempt.user, attempt.cvr, attempt.level) == (
        Outcome.LET_IN,
        user,
        VEJLE_CVR,
        "Substantial",
    )


def test_the_next_login_updates_the_person_and_keeps_one_account(client, idp):
    sign_on(client, idp)
    client.logout()
    idp.person.last_name = "Nielsen"
    idp.person.email = "lene.nielsen@vejle.dk"
    assert sign_on(DjangoClient(), idp).status_code == 302
    user = get_user_model().objects.get(sign_on_identities__subject=idp.person.subject)
    assert (user.last_name, user.email) == ("Nielsen", "lene.nielsen@vejle.dk")
    assert get_user_model().objects.filter(sign_on_identities__isnull=False).count() == 1


def test_a_coordinator_gets_the_regions_of_their_rule(client, idp):
    idp.person.cvr = "29190925"
    idp.person.privileges = [("29190925", COORDINATOR_PRIVILEGE)]
    assert sign_on(client, idp).status_code == 302
    user = get_user_model().objects.get(sign_on_identities__subject=idp.person.subject)
    assert roles.role_names(user) == {roles.COORDINATOR}
    assert [r.name for r in user.coordinated_regions.all()] == ["Region Sjælland"]
    assert list(user.led_sites.all()) == []


def _tamper(fields):
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    changed = re.sub(
        r'IssueInstant="(\d{4})', lambda m: f'IssueInstant="{int(m[1]) - 1}', xml, count=1
    )
    assert changed != xml
    return {**fields, "SAMLResponse": base64.b64encode(changed.encode()).decode()}


def _nobody_in(client):
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(sign_on_identities__isnull=False).exists()


def test_a_tampered_signature_is_refused(client, idp):
    action, fields = answer_from_idp(client, idp)
    _refused(post_answer(client, action, _tamper(fields)), "kunne ikke bekræftes")
    _nobody_in(client)
    attempt = SignOnAttempt.objects.get()
    assert attempt.outcome == Outcome.INVALID
    assert attempt.detail.startswith("SignatureError: Failed to verify signature")


def test_an_answer_for_another_service_is_refused(client, idp):
    idp.mischief.audience = "https://another-service.example/saml/metadata/"
    _refused(sign_on(client, idp), "kunne ikke bekræftes")
    _nobody_in(client)
    attempt = SignOnAttempt.objects.get()
    assert attempt.outcome == Outcome.INVALID
    assert attempt.detail.startswith("Exception: AudienceRestrictions conditions not satisfied")


def test_an_expired_answer_is_refused(client, idp):
    idp.mischief.lifetime_minutes = -10
    _refused(sign_on(client, idp), "kunne ikke bekræftes")
    _nobody_in(client)
    attempt = SignOnAttempt.objects.get()
    assert attempt.outcome == Outcome.INVALID
    assert attempt.detail.startswith("VerificationError: Condition not OK")


def test_a_replayed_answer_is_refused(client, idp):
    action, fields = answer_from_idp(client, idp)
    assert post_answer(client, action, fields).status_code == 302
    # The same answer again: in another browser, and in the same one after logging out.
    _refused(post_answer(DjangoClient(), action, fields), "kunne ikke bekræftes")
    client.logout()
    _refused(post_answer(client, action, fields), "kunne ikke bekræftes")
    assert "_auth_user_id" not in client.session
    details = [a.detail for a in SignOnAttempt.objects.order_by("pk")]
    assert [d.split(":")[0] for d in details[1:]] == ["UnsolicitedResponse"] * 2
    assert [a.outcome for a in SignOnAttempt.objects.order_by("pk")] == [
        Outcome.LET_IN,
        Outcome.INVALID,
        Outcome.INVALID,
    ]


def test_an_unsolicited_answer_is_refused(client, idp):
    action, fields = answer_from_idp(DjangoClient(), idp)
    _refused(post_answer(client, action, fields), "kunne ikke bekræftes")
    _nobody_in(client)


def test_a_login_below_the_required_nsis_level_is_refused_in_danish(client, idp):
    idp.person.level = "Low"
    text = _refused(sign_on(client, idp), "NSIS-sikringsniveau Lav")
    assert "mindst Betydelig" in text
    _nobody_in(client)
    attempt = SignOnAttempt.objects.get()
    assert (attempt.outcome, attempt.level) == (Outcome.LEVEL, "Low")


def test_an_unknown_organisation_is_refused(client, idp):
    idp.person.cvr = "12345678"
    idp.person.privileges = [("12345678", LEADER_PRIVILEGE)]
    _refused(sign_on(client, idp), "CVR 12345678")
    _nobody_in(client)
    assert SignOnAttempt.objects.get().outcome == Outcome.UNKNOWN_ORGANISATION


def test_privileges_that_map_to_no_role_are_refused(client, idp):
    idp.person.privileges = [(VEJLE_CVR, "urn:kommune:sagsbehandler")]
    _refused(sign_on(client, idp), "ikke givet dig adgang")
    _nobody_in(client)
    assert SignOnAttempt.objects.get().outcome == Outcome.NO_ROLE


def test_a_privilege_for_another_organisation_does_not_count(client, idp):
    idp.person.privileges = [("29190925", LEADER_PRIVILEGE)]
    _refused(sign_on(client, idp), "ikke givet dig adgang")


def test_who_loses_the_privilege_loses_the_access_at_the_next_login(client, idp, vejle):
    sign_on(client, idp)
    user = get_user_model().objects.get(sign_on_identities__subject=idp.person.subject)
    client.logout()
    idp.person.privileges = []
    _refused(sign_on(client, idp), "ikke givet dig adgang")
    user = get_user_model().objects.get(pk=user.pk)
    assert roles.role_names(user) == frozenset()
    assert list(user.led_sites.all()) == []
    assert list(vejle.leaders.all()) == []


def test_a_deactivated_person_cannot_sign_on_either(client, idp):
    sign_on(client, idp)
    client.logout()
    get_user_model().objects.filter(sign_on_identities__isnull=False).update(is_active=False)
    _refused(sign_on(client, idp), "lukket")
    assert "_auth_user_id" not in client.session
    assert SignOnAttempt.objects.order_by("pk").last().outcome == Outcome.DEACTIVATED


def test_below_substantial_the_app_asks_its_own_second_factor(client, idp, vejle):
    IdentityProvider.objects.update(minimum_level="Low")
    idp.person.level = "Low"
    assert sign_on(client, idp).status_code == 302
    page = client.get(reverse("overview:site_detail", args=[vejle.pk]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:second_factor_setup"))


def test_single_logout_goes_through_the_identity_provider(client, idp):
    sign_on(client, idp)
    home = client.get(reverse("overview:home")).content.decode()
    assert f'action="{reverse("sso:logout")}"' in home
    out = client.post(reverse("sso:logout"))
    assert out.status_code == 200
    assert "_auth_user_id" not in client.session
    # What the app's pages kept in the browser goes too (a shared machine).
    assert out["Clear-Site-Data"] == '"cache", "storage"'
    # On to the identity provider by a page (its own address is outside the form-action
    # policy, which also holds for a form's redirect).
    leave = html.unescape(re.search(r'data-testid="leave" href="([^"]+)"', out.content.decode())[1])
    assert leave.startswith(f"{idp.base}/idp/slo?SAMLRequest=")
    assert f'content="0;url={html.escape(leave)}"' in out.content.decode()
    status, _, back = _fetch(leave)
    assert status == 302
    assert idp.logouts == 1
    assert urlsplit(back).path == reverse("sso:logged_out")
    done = client.get(back.removeprefix("http://testserver"))
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session
    # Logging out is a POST, never a link.
    assert client.get(reverse("sso:logout")).status_code in (302, 405)


def test_the_apps_metadata_asks_for_signed_and_encrypted_answers(client, saml_settings, db):
    metadata = client.get(reverse("sso:metadata")).content.decode()
    assert 'AuthnRequestsSigned="true"' in metadata
    assert 'WantAssertionsSigned="true"' in metadata
    assert 'use="encryption"' in metadata
    assert 'use="signing"' in metadata
    assert "http://testserver/saml/acs/" in metadata
    assert "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" in metadata


def test_without_keys_there_is_no_single_sign_on(client, idp, settings):
    assert "Log ind med Test-IdP" in client.get(reverse("accounts:login")).content.decode()
    settings.SAML_KEY_FILE = ""
    assert "Log ind med" not in client.get(reverse("accounts:login")).content.decode()
    for name in ("sso:metadata", "sso:login"):
        assert client.get(reverse(name)).status_code == 404


def test_bad_metadata_is_refused_in_danish_and_nothing_is_saved(admin, client, saml_settings):
    from django.core.exceptions import ValidationError

    for metadata, words in (
        ("<not xml", "ikke gyldige SAML-metadata"),
        (
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'entityID="https://sp.example"><md:SPSSODescriptor '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            "</md:SPSSODescriptor></md:EntityDescriptor>",
            "præcis én identitetsudbyder",
        ),
    ):
        provider = IdentityProvider(name="Forkert", metadata=metadata)
        with pytest.raises(ValidationError) as refused:
            provider.full_clean()
        assert words in str(refused.value)
    client.force_login(admin)
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "name": "Forkert",
            "metadata": "<not xml",
            "minimum_level": "Substantial",
            "active": "on",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "ikke gyldige SAML-metadata" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_the_persons_data_export_lists_their_sign_on_identity_and_logins(client, idp, admin):
    import io

    from openpyxl import load_workbook

    sign_on(client, idp)
    user = get_user_model().objects.get(sign_on_identities__subject=idp.person.subject)
    client.force_login(admin)
    response = client.get(reverse("people:person_export", args=[user.pk]))
    rows = list(load_workbook(io.BytesIO(response.content))["Single sign-on"].values)
    assert rows[0] == (
        "Tidspunkt",
        "Identitetsudbyder",
        "Udfald",
        "CVR-nummer",
        "NSIS-sikringsniveau",
    )
    assert rows[1][:2] == (f"Kendt som {idp.person.subject}", "Test-IdP")
    assert rows[2][1:] == ("Test-IdP", "Lukket ind", VEJLE_CVR, "Substantial")


def test_an_administrator_connects_a_provider_and_writes_a_rule_in_the_admin_site(
    client, idp, admin, vejle
):
    metadata = idp.metadata()
    IdentityProvider.objects.all().delete()
    client.force_login(admin)
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "name": "Vejle Kommune (Context Handler)",
            "metadata": metadata,
            "minimum_level": "Substantial",
            "active": "on",
            "rules-TOTAL_FORMS": "1",
            "rules-INITIAL_FORMS": "0",
            "rules-0-cvr": VEJLE_CVR,
            "rules-0-privilege": LEADER_PRIVILEGE,
            "rules-0-role": roles.LEADER,
            "rules-0-sites": [vejle.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get()
    assert provider.entity_id == idp.entity_id
    rule = provider.rules.get()
    assert (rule.cvr, rule.privilege, list(rule.sites.all())) == (
        VEJLE_CVR,
        LEADER_PRIVILEGE,
        [vejle],
    )
    # The provider's history keeps who connected it.
    assert provider.history.get().history_user == admin
    # And the leader comes in through it.
    assert sign_on(DjangoClient(), idp).status_code == 302
    # A second provider with the same metadata is refused: it is already connected.
    response = client.post(
        reverse("admin:sso_identityprovider_add"),
        {
            "name": "Igen",
            "metadata": metadata,
            "minimum_level": "Substantial",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
        },
    )
    assert "allerede tilsluttet" in response.content.decode()
    assert IdentityProvider.objects.count() == 1
