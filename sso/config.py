"""The service provider's SAML configuration, built per request from the settings (keys,
entity ID) and the identity providers administrators connected (their metadata).

OIOSAML 3 asks for: signed AuthnRequests, signed responses and assertions, encrypted
assertions (the app publishes its encryption certificate), persistent name IDs, no
unsolicited responses, SHA-256 throughout.
"""

import shutil

import saml2
from django.conf import settings
from django.urls import reverse
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from sso.models import IdentityProvider


def is_configured() -> bool:
    """Single sign-on is on once the app has its key pair (DJANGO_SAML_KEY_FILE and
    DJANGO_SAML_CERT_FILE)."""
    return bool(settings.SAML_KEY_FILE and settings.SAML_CERT_FILE)


def entity_id(request) -> str:
    return settings.SAML_ENTITY_ID or request.build_absolute_uri(reverse("sso:metadata"))


def sp_config(request=None) -> SPConfig:
    def url(name):
        return request.build_absolute_uri(reverse(name))

    providers = IdentityProvider.objects.filter(active=True).values_list("metadata", flat=True)
    keypair = {"key_file": settings.SAML_KEY_FILE, "cert_file": settings.SAML_CERT_FILE}
    config = SPConfig()
    config.load(
        {
            "entityid": entity_id(request),
            "xmlsec_binary": shutil.which("xmlsec1"),
            "allow_unknown_attributes": True,
            "accepted_time_diff": settings.SAML_CLOCK_SKEW,
            "service": {
                "sp": {
                    "name": "IPS Fidelity",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (url("sso:acs"), saml2.BINDING_HTTP_POST),
                        ],
                        "single_logout_service": [
                            (url("sso:logged_out"), saml2.BINDING_HTTP_REDIRECT),
                            (url("sso:logged_out_post"), saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "logout_responses_signed": True,
                    "want_response_signed": True,
                    "want_assertions_signed": True,
                    "want_assertions_or_response_signed": True,
                    "allow_unsolicited": False,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                    "force_authn": False,
                },
            },
            **keypair,
            "encryption_keypairs": [keypair],
            "metadata": {"inline": list(providers)},
        }
    )
    return config
