import pytest
from django.urls import reverse

from tests.urlwalk import iter_named_patterns

# Open on purpose: the load balancer's health check and the browser's favicon; choosing a
# password through a one-time link (a reset or an invitation), for people not logged in; the
# accessibility statement, which the law wants open to everyone; the service worker's script,
# which a login page must reach to remove the worker once the person is gone.
PUBLIC = {
    "ops:offline_worker",
    "accounts:login",
    "ops:healthz",
    "ops:favicon",
    "ops:accessibility",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation_accept",
    # The SAML endpoints an identity provider and a browser on its way in reach.
    "sso:login",
    "sso:acs",
    "sso:logged_out",
    "sso:logged_out_post",
    "sso:metadata",
}


@pytest.mark.parametrize(
    ("name", "params"),
    [(name, params) for name, params in iter_named_patterns() if name not in PUBLIC],
)
def test_anonymous_users_are_sent_to_login(client, db, name, params):
    url = reverse(name, kwargs=dict.fromkeys(params, 1))
    response = client.get(url)
    if name in ("accounts:logout", "sso:logout"):
        assert response.status_code == 405  # logging out takes a POST
        return
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_admin_site_sends_anonymous_users_to_its_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    # … which is the app's own login, the one with the second factor.
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == "/login/?next=/admin/"
