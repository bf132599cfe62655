"""Settings for IPS Fidelity, read from the environment.

Secure by default: debug is off unless DJANGO_DEBUG is set, a secret key is required outside
debug, and HTTPS-only cookies, HSTS and the SSL redirect are on unless DJANGO_HTTPS=0.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Required when debug is off: the WSGI/ASGI entry points refuse to start without it and
# `check --deploy` reports it (ipsfidelity.wsgi, accounts.checks); Django itself refuses any
# signing with an empty key; commands that sign nothing, like makemigrations, still run.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts.apps.AxesConfig",
    "django_otp",
    "accounts.apps.OTPTOTPConfig",
    "accounts.apps.OTPStaticConfig",
    "simple_history",
    "django_q",
    "outbox",
    "notices",
    "accounts",
    "scales",
    "sites",
    "reviews",
    "reports",
    "overview",
    "people",
    "ops",
    "outcomes",
    "analytics",
    "followup",
    "sso",
    "visits",
    "demo",
]

MIDDLEWARE = [
    # /healthz/ before the host check: a load balancer asks by the server's address.
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A second session for the SAML login's way out and back (request.saml_session): the
    # identity provider's answer is a cross-site POST, which the main session cookie skips.
    "djangosaml2.middleware.SamlSessionMiddleware",
    # Writes a logged-in session at most once a minute (accounts/sessions.py).
    "accounts.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified when the session passed the second factor (one query then).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A Danish page for a link to an address that takes only a form's POST.
    "ops.middleware.MethodNotAllowedPageMiddleware",
    # The Danish "not found" page also with DEBUG on, never Django's list of every address.
    "ops.middleware.NotFoundPageMiddleware",
    # Administrators and leaders reach no page before the second factor (people/middleware.py).
    "people.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ipsfidelity.urls"
WSGI_APPLICATION = "ipsfidelity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles_context",
                "reviews.context_processors.access_context",
                "ops.context_processors.footer",
                "sso.context_processors.sign_on",
            ],
        },
    },
]

# Databases: DATABASE_URL selects PostgreSQL (postgres://…) or SQLite (the default file).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE transactions take the write lock up
    # front, so two writers queue on the busy timeout instead of failing "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too, so the live server's threads open real connections of their own,
    # as in production, instead of sharing one in-memory connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("DJANGO_FAST_PASSWORD_HASHER", False):
    # Tests only: Argon2 takes ~50 ms a hash by design.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock a username+IP pair after 5 failures for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A login is successful only once the second factor is passed too, so accounts.views resets
# the count then itself (a password alone must not wipe out failed codes).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# The cache every app server shares: a table in the database (`createcachetable`, which
# `make run`, `make serve` and the tests create). It holds rendered draft PDFs and the
# per-person render lock (reports/drafts.py); nothing in it is needed after a restart.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
}

# Sessions end after 30 minutes without a request (29 at the earliest, see below). They are
# stored with their user, so deactivating a person ends their sessions at once
# (accounts.models.Session).
SESSION_COOKIE_AGE = 30 * 60
# Not every request: accounts.sessions.SessionRefreshMiddleware writes an active session at
# most once a minute, so a session ends 29–30 minutes after its last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = "accounts.sessions"

# Behind a proxy that appends the client's address to X-Forwarded-For, the last entry is the
# address the login lockout and the access log record (REMOTE_ADDR is the proxy's then).
TRUST_X_FORWARDED_FOR = env_bool("DJANGO_TRUST_X_FORWARDED_FOR", False)

# Second factor (django-otp): authenticator apps (TOTP) and single-use recovery codes.
OTP_TOTP_ISSUER = "IPS Fidelity"
# A link to set one's password: a reset lives 2 hours, an invitation 7 days; either works once.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
INVITATION_TIMEOUT = 7 * 24 * 60 * 60
# Who saw what: the access log keeps entries this many months (`manage.py prune_access_log`).
ACCESS_LOG_RETENTION_MONTHS = int(env_str("DJANGO_ACCESS_LOG_RETENTION_MONTHS", "6"))

# Internationalisation: Danish is the only language offered today; strings go through gettext.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish"))]
# locale_thirdparty holds Danish for the admin pages of django-axes and django-simple-history.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# Static files
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
# The storage `collectstatic` writes hashed, compressed copies with (tests use it by name).
STATIC_MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Without the manifest (debug, tests) whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            STATIC_MANIFEST_STORAGE
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Fonts are read only by the PDF renderer, from disk, and source maps only by developer
# tools: compressing them took most of collectstatic's time for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "ttf",
    "map",
]

# Background work (e-mail) runs on django-q2 with its database broker: the queue lives in the
# same database as the app, so every app server shares it; `make worker` runs the cluster.
# A task is leased: its worker acknowledges it when done, and one not acknowledged within
# `retry` seconds (its worker died mid-task) is handed out again. The cluster restarts a dead
# worker process and outlives a database restart (docs/operations.md).
Q_CLUSTER = {
    "name": "ipsfidelity",
    "orm": "default",
    "workers": int(env_str("DJANGO_TASK_WORKERS", "2")),
    "timeout": int(env_str("DJANGO_TASK_TIMEOUT", "60")),
    "retry": int(env_str("DJANGO_TASK_RETRY", "90")),
    "max_attempts": 5,
    "ack_failures": False,
    "catch_up": False,
    "save_limit": 1000,
    "poll": float(env_str("DJANGO_TASK_POLL", "1")),
    "label": _("Background tasks"),
}

# E-mail: printed to the console under debug, SMTP from the environment otherwise.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
# Less than a task's timeout, so a hanging mail server ends the attempt, not the worker.
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "IPS Fidelity <noreply@localhost>")
# The accessibility statement (tilgængelighedserklæring) every page's footer links to: the
# operator's statement in Digitaliseringsstyrelsen's WAS-Tool when given, else the app's own
# page (ops/views.py); and where people report what they cannot use.
ACCESSIBILITY_STATEMENT_URL = env_str("DJANGO_ACCESSIBILITY_STATEMENT_URL", "")
ACCESSIBILITY_CONTACT = env_str("DJANGO_ACCESSIBILITY_CONTACT", "")
# Single sign-on (sso/): on once the app has a key pair for signing and decrypting (PEM files);
# the identity providers and their mapping rules are added in the admin site.
SAML_KEY_FILE = env_str("DJANGO_SAML_KEY_FILE", "")
SAML_CERT_FILE = env_str("DJANGO_SAML_CERT_FILE", "")
# The app's SAML entity ID; by default the address of its metadata.
SAML_ENTITY_ID = env_str("DJANGO_SAML_ENTITY_ID", "")
# Seconds the identity provider's clock may be off.
SAML_CLOCK_SKEW = 60
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# Days after finalizing that the reviewers' notes from the visit are deleted (visits/), and
# how many days before that the lead reviewer is told.
VISIT_NOTES_RETENTION_DAYS = int(env_str("DJANGO_VISIT_NOTES_RETENTION_DAYS", "14"))
VISIT_NOTES_NOTICE_DAYS = 3
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The app's address for links in notices, which cron jobs send without a request to ask.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers ask for /healthz/ over plain HTTP on the app's own port.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_HTTPONLY = True
# The SAML session's cookie must come back on the identity provider's cross-site POST, which
# browsers allow only for SameSite=None, and SameSite=None only on a secure cookie.
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
CSRF_FAILURE_VIEW = "ops.views.csrf_failure"
# Only the app's own files run or load: no inline scripts or styles, no third-party hosts.
# Bootstrap draws its form arrows as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports every unsupported CSS property; only its errors matter here.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # pysaml2 and its schema library narrate every step at INFO; sso.signon records each
        # login (and why one was refused) itself.
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}
