"""Laget settings: one file, driven by environment variables (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_base64_key,
    env_bool,
    env_int,
    env_key_list,
    env_list,
    env_optional_str,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Demo mode: staff log in without a second factor and the pages say that this is a demo.
LAGET_DEMO_MODE = env_bool("LAGET_DEMO_MODE", default=False)

_secret_key = env_optional_str("SECRET_KEY")
if _secret_key is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Laget runs in production mode (DEBUG is off) and will not "
            "start "
            "without a long random secret. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    _secret_key = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105
SECRET_KEY = _secret_key

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "laget.apps.LagetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "core",
    "audit",
    "municipalities",
    "units",
    "people",
    "directory",
    "knowledge",
    "rights",
    "children",
    "concerns",
    "consents",
    "teamlog",
    "teams",
    "plans",
    "transitions",
    "oversikt",
    "grants",
    "digest",
    "portal",
    "tenancy",
    # The top app: the start page, the admin site, demo data, the daily jobs.
    "laget",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "people.middleware.SecondFactorRequiredMiddleware",
    # Each user's memberships in force read once per request (the table is outside row-level
    # security, so the scope's look-up below and the page read the same rows).
    "people.middleware.RequestMembershipsMiddleware",
    # After log-in and the second factor: the municipalities the database lets this request see.
    "tenancy.middleware.DatabaseScopeMiddleware",
    # Whether the request's access checks record reads (GET and HEAD do): decided here, once.
    "audit.reads.RequestReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Which municipalities a request may reach (tenancy stands below the apps that know it).
DATABASE_SCOPE_LOOKUP = "laget.database_scope.request_municipalities_lookup"

# The team's part in who may see a concern (concerns stand below teams).
CONCERN_TEAM_ACCESS = "teams.access.ConcernTeamAccess"

# Moving every row of a child's case to another municipality, when a move is accepted (teams
# stands below plans and portal, which hold some of those rows).
CASE_MOVE = "laget.moving.case_rows_move"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Django's form templates, with choice options rendered inline (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "laget.context_processors.shell",
                "teams.context_processors.work_count",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'laget.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's SQLite file, where every read writes an access event: readers do not wait for
    # writers (WAL), a transaction takes the write lock when it begins, so two never deadlock
    # upgrading a read to a write, and a writer waits its turn (seconds) rather than failing.
    # Measured with 8 readers on the demo (tests/browser/test_demo.py, docs/operations.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements are bound on the server and prepared on a connection once one has run
    # DATABASE_PREPARE_THRESHOLD times there (0 turns preparing off): PostgreSQL then plans it
    # from the cached plan instead of planning it again on every request – with row-level
    # security, planning took most of a page's database time (docs/performance.md, "Prepared
    # statements"). Needs session pooling if a pooler is in front (docs/security.md).
    prepare_threshold = env_int("DATABASE_PREPARE_THRESHOLD", default=2, minimum=0)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": prepare_threshold or None,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# URLs typed without a scheme are taken as https (Django 6's default, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "people.User"
# Who is behind a request to the JSON API (core.api knows no app): a bearer token or a session.
API_AUTHENTICATE = "people.authentication.api_request_authenticate"
# Rate limits of /api/v1/ (core/api/limits.py): requests per minute of one token or session,
# and bad bearer tokens per minute from one client address before it gets 429.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", default=300, minimum=1)
API_FAILED_TOKENS_PER_MINUTE = env_int("API_FAILED_TOKENS_PER_MINUTE", default=10, minimum=1)
# The digest's confirmation e-mails (digest/views.py): at most so many a day to one address,
# and so many subscriptions an hour from one client address, before the form answers 429.
DIGEST_CONFIRMATIONS_PER_DAY = env_int("DIGEST_CONFIRMATIONS_PER_DAY", default=3, minimum=1)
DIGEST_SUBSCRIPTIONS_PER_HOUR = env_int("DIGEST_SUBSCRIPTIONS_PER_HOUR", default=20, minimum=1)
# The request header the proxy puts the client's address in (e.g. X-Real-IP, which nginx sets
# with `proxy_set_header X-Real-IP $remote_addr;`), else the connection's address is used.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", default="")
# System clients (people/clients.py, docs/api.md): OAuth 2.0 client credentials only, at
# /api/oauth/token/. The validator holds each client to its own scopes, unit and expiry.
# Named so that migrations can refer to it (the toolkit's models are swappable).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OAUTH2_VALIDATOR_CLASS": "people.oauth.SystemClientValidator",
    "SCOPES_BACKEND_CLASS": "people.oauth.SystemClientScopes",
    # Only a hash of each access token is stored (RFC 9700).
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("OAUTH_ACCESS_TOKEN_SECONDS", default=3600, minimum=60),
}
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "laget:home"
# Staff who work in a unit land on their work (Mitt arbeid) after log-in instead.
STAFF_START_URL = "teams:work"
LOGOUT_REDIRECT_URL = "people:login"

# Sessions end after 30 minutes without a request. The expiry is renewed by a write at most
# once a minute (core.middleware.SessionRenewalMiddleware), not on every request: writing the
# session row on every GET made a user's parallel requests queue behind each other.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", default=30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lock-out after repeated failed log-ins (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "people.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Lock-out is by user name only: staff of a municipality often share one public IP address, and
# locking the address would lock out a whole town hall. The second factor guards the rest.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# The second factor (TOTP); the issuer is what authenticator apps show.
OTP_TOTP_ISSUER = "Laget"

# Transport security. Cookies are Secure unless explicitly turned off for plain-HTTP local use.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", default=365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: no inline script, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates with `|date:"DATE_FORMAT"` in the reader's language, as `long_day_text` writes them: bokmål
# and nynorsk "1. august 2022", English "1 August 2022" (config/formats/en), one style a page.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet-css", _NODE / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("vendor/designsystemet-theme", _NODE / "@digdir" / "designsystemet-theme" / "brand"),
    ("vendor/inter", _NODE / "@fontsource-variable" / "inter" / "files"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where the Norwegian reference data lives (municipalities, counties, population).
LAGET_REFERENCE_DATA_DIR = Path(
    env_str("LAGET_REFERENCE_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data" / "no"))
)

# E-mail: reminders and notices. SMTP in production; the console in the demo.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="laget@localhost")
# Where staff open Laget; links in e-mails point here.
LAGET_BASE_URL = env_str("LAGET_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background jobs (reminders, consent renewals, retention) through the Django tasks API, stored
# in the database and run by `manage.py db_worker`; `manage.py enqueue_daily_jobs` queues the
# daily ones (run it from cron or a systemd timer).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Portal (ID-porten) ---------------------------------------------------------------------------
# The young person's and guardians' own log-in: OpenID Connect (authorization code with PKCE)
# against ID-porten, or the local mock provider in development and tests. Without an issuer and
# a client id, the portal says that log-in is not set up.
PORTAL_OIDC_ISSUER = env_str("PORTAL_OIDC_ISSUER", default="").rstrip("/")
PORTAL_OIDC_CLIENT_ID = env_str("PORTAL_OIDC_CLIENT_ID", default="")
PORTAL_OIDC_CLIENT_SECRET = env_optional_str("PORTAL_OIDC_CLIENT_SECRET")
PORTAL_OIDC_SCOPES = env_str("PORTAL_OIDC_SCOPES", default="openid profile")
# Levels of assurance to ask for and accept (e.g. "idporten-loa-substantial"); empty: any.
PORTAL_OIDC_ACR_VALUES = env_str("PORTAL_OIDC_ACR_VALUES", default="")
# Nynorsk for the public-facing portal; untranslated staff text falls back to bokmål.
LANGUAGES = [*LANGUAGES, ("nn", _("Norwegian Nynorsk"))]

# Second-factor enrolment ----------------------------------------------------------------------
# Hours an enrolment link (set your own password and second factor) stays valid after it is issued.
LAGET_ENROLMENT_LINK_HOURS = env_int("ENROLMENT_LINK_HOURS", default=72, minimum=1)
# Recovery codes a person gets when enrolling, each usable once instead of the authenticator app.
LAGET_RECOVERY_CODE_COUNT = env_int("RECOVERY_CODE_COUNT", default=10, minimum=1)

# Identity numbers at rest -----------------------------------------------------------------------
# Fødselsnummer/D-nummer are stored AES-256-GCM encrypted (children/identity.py, docs/security.md):
# IDENTITY_NUMBER_KEYS lists "keyid:base64key" (32 bytes), newest first; the HMAC key (32 bytes,
# base64) makes the lookup hash. Production refuses to start without them, like SECRET_KEY.
_identity_number_keys = env_key_list("IDENTITY_NUMBER_KEYS", size=32)
_identity_number_hmac_key = env_optional_str("IDENTITY_NUMBER_HMAC_KEY")
if _identity_number_keys is None or _identity_number_hmac_key is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "IDENTITY_NUMBER_KEYS and IDENTITY_NUMBER_HMAC_KEY must be set. Laget runs in "
            "production mode (DEBUG is off) and will not store identity numbers without its own "
            "keys. Generate them with: python -c 'import base64, secrets; "
            "print(base64.b64encode(secrets.token_bytes(32)).decode())' (the encryption key "
            "prefixed with an id, e.g. IDENTITY_NUMBER_KEYS=k2025:<key>)."
        )
    # Fixed, public development keys, only when DEBUG is on.
    _identity_number_keys = _identity_number_keys or [
        "dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1hLXNlY3JldC0wMDA="
    ]
    _identity_number_hmac_key = (
        _identity_number_hmac_key or "ZGV2ZWxvcG1lbnQtaG1hYy1ub3QtYS1zZWNyZXQtMDA="
    )
env_base64_key("IDENTITY_NUMBER_HMAC_KEY", _identity_number_hmac_key, size=32)
IDENTITY_NUMBER_KEYS = _identity_number_keys
IDENTITY_NUMBER_HMAC_KEY = _identity_number_hmac_key
# Only while the HMAC key is being rotated: lookups also match hashes under this old key.
IDENTITY_NUMBER_HMAC_PREVIOUS_KEY = env_optional_str("IDENTITY_NUMBER_HMAC_PREVIOUS_KEY")
if IDENTITY_NUMBER_HMAC_PREVIOUS_KEY is not None:
    env_base64_key("IDENTITY_NUMBER_HMAC_PREVIOUS_KEY", IDENTITY_NUMBER_HMAC_PREVIOUS_KEY, size=32)

# Anchoring the access log -----------------------------------------------------------------------
# The daily anchor job signs every chain head with an Ed25519 key and writes the anchors to a new
# read-only file in AUDIT_ANCHOR_DIR (make it append-only) and to each municipality's mailbox;
# `audit_verify --anchors` checks them (docs/security.md). Keys: PEM or base64 of the 32 bytes.
AUDIT_ANCHOR_SIGNING_KEY = env_optional_str("AUDIT_ANCHOR_SIGNING_KEY")
AUDIT_ANCHOR_SIGNING_KEY_FILE = env_optional_str("AUDIT_ANCHOR_SIGNING_KEY_FILE")
# Where verifiers find the public key; derived from the signing key when unset.
AUDIT_ANCHOR_PUBLIC_KEY = env_optional_str("AUDIT_ANCHOR_PUBLIC_KEY")
AUDIT_ANCHOR_DIR = env_optional_str("AUDIT_ANCHOR_DIR")
# Reads are recorded unsealed and `manage.py audit_seal --every 1` chains them within seconds;
# `audit_verify` reports an unsealed event older than this (seconds) as a stopped sealer.
AUDIT_UNSEALED_MAX_AGE = env_int("AUDIT_UNSEALED_MAX_AGE", default=300, minimum=10)

# Row-level security (the second wall) -----------------------------------------------------------
# On PostgreSQL every connection switches to this role (no BYPASSRLS, not the owner), so the
# row-level policies bind the application; empty when DATABASE_URL already logs in as such a role.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", default="")
# What a connection sees outside a web request: "none" (web servers), "all" (manage.py sets it
# for commands, the job worker and migrations). Inside a request the middleware decides.
DATABASE_SCOPE_OUTSIDE_REQUESTS = env_str("DATABASE_SCOPE_OUTSIDE_REQUESTS", default="none")
if DATABASE_SCOPE_OUTSIDE_REQUESTS not in ("none", "all"):
    raise ImproperlyConfigured(
        "The environment variable DATABASE_SCOPE_OUTSIDE_REQUESTS must be none or all, not "
        f"{DATABASE_SCOPE_OUTSIDE_REQUESTS!r}."
    )
