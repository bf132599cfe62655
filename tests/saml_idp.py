"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP (`saml2.server.Server`)
behind a small WSGI server on 127.0.0.1, with its own RSA keys, made for each test.

It answers the app's signed AuthnRequests (HTTP-Redirect; it refuses an unsigned or wrongly
signed one) with a signed response holding a signed, encrypted assertion in the OIOSAML 3
shape (NSIS level, CVR, privileges in the basic privilege profile, names, e-mail), posted
back through the browser (a page with a form, as a real IdP's). It also takes the app's
LogoutRequests (single logout). What the next login carries, and how it goes wrong, is
`IdentityProviderServer.person` and `.mischief`.
"""

import base64
import datetime
import html
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from sso import signon

PRIVILEGE_NS = "http://digst.dk/oiosaml/basic_privilege_profile"


def make_keypair(directory: Path, name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def privilege_attribute(pairs) -> str:
    """OIOSAML's basic privilege profile: base64 of a list of privilege groups per CVR."""
    groups = {}
    for cvr, privilege in pairs:
        groups.setdefault(cvr, []).append(privilege)
    body = "".join(
        f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{cvr}">'
        + "".join(f"<Privilege>{html.escape(p)}</Privilege>" for p in privileges)
        + "</PrivilegeGroup>"
        for cvr, privileges in groups.items()
    )
    xml = f'<bpp:PrivilegeList xmlns:bpp="{PRIVILEGE_NS}">{body}</bpp:PrivilegeList>'
    return base64.b64encode(xml.encode()).decode()


@dataclass
class Person:
    subject: str = "4f7c1f5e-0d2a-4a57-9d1e-6b1c2f0a9e11"
    first_name: str = "Lene"
    last_name: str = "Leder"
    email: str = "lene.leder@vejle.dk"
    cvr: str = "29189838"
    privileges: list = field(default_factory=lambda: [("29189838", "urn:ips:leder")])
    level: str = "Substantial"

    def attributes(self):
        return {
            signon.LEVEL: [self.level],
            signon.CVR: [self.cvr],
            signon.PRIVILEGES: [privilege_attribute(self.privileges)] if self.privileges else [],
            signon.FIRST_NAME: [self.first_name],
            signon.LAST_NAME: [self.last_name],
            signon.EMAIL: [self.email],
        }


@dataclass
class Mischief:
    """How the next answer goes wrong (nothing, by default)."""

    audience: str = ""  # an audience other than the app
    lifetime_minutes: int = 5  # negative: expired before it is sent


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class IdentityProviderServer:
    def __init__(self, directory: Path, sp_metadata: str, sp_cert_file: str):
        self.key_file, self.cert_file = make_keypair(directory, "idp")
        self.sp_metadata = sp_metadata
        self.sp_cert = Path(sp_cert_file).read_text()
        self.person = Person()
        self.mischief = Mischief()
        self.signed_requests = 0
        self.logouts = 0
        self._httpd = make_server("127.0.0.1", 0, self._app, WSGIServer, _QuietHandler)
        # Named "localhost", as the app in the browser tests: one site, so the SAML
        # session cookie (SameSite=Lax over plain HTTP) comes back on the posted answer.
        self.base = f"http://localhost:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def entity_id(self):
        return f"{self.base}/idp/metadata"

    def _config(self):
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1"),
                "allow_unknown_attributes": True,
                "service": {
                    "idp": {
                        "name": "Test-IdP",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base}/idp/sso", BINDING_HTTP_REDIRECT)
                            ],
                            "single_logout_service": [
                                (f"{self.base}/idp/slo", BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": True,
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": self.mischief.lifetime_minutes},
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                    }
                },
                "key_file": self.key_file,
                "cert_file": self.cert_file,
                "metadata": {"inline": [self.sp_metadata, *self._other_services()]},
            }
        )
        return config

    def _other_services(self):
        """Another service of the same federation, at the same address (what an answer for
        it, replayed to the app, would look like)."""
        if not self.mischief.audience:
            return []
        import re

        return [
            re.sub(r'entityID="[^"]+"', f'entityID="{self.mischief.audience}"', self.sp_metadata)
        ]

    def metadata(self) -> str:
        return str(entity_descriptor(self._config()))

    def _app(self, environ, start_response):
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        path = environ["PATH_INFO"]
        if path == "/idp/metadata":
            return self._reply(start_response, "200 OK", self.metadata(), "text/xml")
        server = Server(config=self._config())
        try:
            if path == "/idp/sso":
                return self._sign_on(server, query, start_response)
            if path == "/idp/slo":
                return self._log_out(server, query, start_response)
        except Exception as error:  # the test reads the IdP's refusal from the page
            return self._reply(start_response, "400 Bad Request", f"refused: {error!r}")
        return self._reply(start_response, "404 Not Found", "not found")

    def _reply(self, start_response, status, body, content_type="text/html", headers=()):
        start_response(status, [("Content-Type", f"{content_type}; charset=utf-8"), *headers])
        return [body.encode()]

    def _sign_on(self, server, query, start_response):
        request = server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.signed_requests += 1
        args = server.response_args(request.message, [BINDING_HTTP_POST])
        person = self.person
        if self.mischief.audience:
            args["sp_entity_id"] = self.mischief.audience
        response = server.create_authn_response(
            person.attributes(),
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person.subject),
            authn={
                "class_ref": f"{signon.LEVEL_CONTEXT_PREFIX}{person.level}",
                "authn_auth": self.entity_id,
            },
            sign_response=True,
            sign_assertion=True,
            encrypt_assertion=True,
            encrypt_cert_assertion=self.sp_cert,
            **{k: v for k, v in args.items() if k != "binding"},
        )
        fields = {"SAMLResponse": base64.b64encode(str(response).encode()).decode()}
        if query.get("RelayState"):
            fields["RelayState"] = query["RelayState"]
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        page = (
            '<!doctype html><html lang="da"><head><title>Test-IdP</title></head><body>'
            f"<h1>Test-IdP</h1><p>Logget ind som {html.escape(person.first_name)}.</p>"
            f'<form method="post" action="{html.escape(args["destination"])}">{inputs}'
            '<button type="submit">Fortsæt til tjenesten</button></form></body></html>'
        )
        return self._reply(start_response, "200 OK", page)

    def _log_out(self, server, query, start_response):
        request = server.parse_logout_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.logouts += 1
        response = server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        destination = server.response_args(request.message, [BINDING_HTTP_REDIRECT])["destination"]
        http = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination,
            query.get("RelayState", ""),
            response=True,
            sign=True,
        )
        location = dict(http["headers"])["Location"]
        return self._reply(start_response, "302 Found", "", headers=[("Location", location)])


def response_form(page: str) -> tuple[str, dict]:
    """The form an IdP page posts back: its action and fields."""
    import re

    action = html.unescape(re.search(r'<form method="post" action="([^"]+)"', page).group(1))
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', page)
    }
    return action, fields
