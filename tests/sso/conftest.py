from contextlib import contextmanager

import pytest
from django.urls import reverse

from accounts import roles
from sites.models import Region
from sso.models import IdentityProvider, MappingRule
from tests.factories import make_site
from tests.saml_idp import IdentityProviderServer, make_keypair

VEJLE_CVR = "29189838"
LEADER_PRIVILEGE = "urn:ips:leder"
COORDINATOR_PRIVILEGE = "urn:ips:koordinator"
SJAELLAND_CVR = "29190925"


@pytest.fixture(scope="session")
def sp_keys(tmp_path_factory):
    return make_keypair(tmp_path_factory.mktemp("sp"), "ipsfidelity")


@pytest.fixture
def saml_settings(settings, sp_keys):
    settings.SAML_KEY_FILE, settings.SAML_CERT_FILE = sp_keys
    return settings


@pytest.fixture
def vejle(db):
    return make_site(name="Vejle Kommune")


def connect(idp, *, minimum_level="Substantial"):
    """What an administrator does: paste the provider's metadata, name it, write rules."""
    provider = IdentityProvider(
        name="Test-IdP", metadata=idp.metadata(), minimum_level=minimum_level
    )
    provider.full_clean()
    provider.save()
    return provider


@contextmanager
def connected_idp(sp_metadata, cert_file, directory, vejle):
    """The test identity provider, running and connected, with a rule that makes Vejle's
    IPS leaders leaders of Vejle's site and one for Region Sjælland's coordinators."""
    with IdentityProviderServer(directory, sp_metadata, cert_file) as server:
        server.provider = connect(server)
        rule = MappingRule.objects.create(
            provider=server.provider, cvr=VEJLE_CVR, privilege=LEADER_PRIVILEGE, role=roles.LEADER
        )
        rule.sites.add(vejle)
        coordinator = MappingRule.objects.create(
            provider=server.provider,
            cvr=SJAELLAND_CVR,
            privilege=COORDINATOR_PRIVILEGE,
            role=roles.COORDINATOR,
        )
        coordinator.regions.add(Region.objects.get_or_create(name="Region Sjælland")[0])
        yield server


@pytest.fixture
def idp(saml_settings, client, tmp_path, vejle):
    sp_metadata = client.get(reverse("sso:metadata")).content.decode()
    with connected_idp(sp_metadata, saml_settings.SAML_CERT_FILE, tmp_path, vejle) as server:
        yield server
