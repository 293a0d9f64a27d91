"""Test overrides: the only place where tests differ from production settings."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")
# Fixed, public identity-number keys ("test-only-identity-number-key-01" and "…-hmac-1").
os.environ.setdefault("IDENTITY_NUMBER_KEYS", "test1:dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1rZXktMDE=")
os.environ.setdefault("IDENTITY_NUMBER_HMAC_KEY", "dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1obWFjLTE=")

from config.settings import *

# Argon2 with small cost parameters: same algorithm and hash format, fast enough for many users.
PASSWORD_HASHERS = ["core.testing.FastArgon2PasswordHasher"]
# Tests read static files through the finders; no collectstatic manifest is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LAGET_DEMO_MODE = False
# Tests serve static files through the finders, so there is no collected folder to scan.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
# Access log anchors: a fixed, public test key ("test-only-audit-anchor-key-00001") and a fresh
# directory per test run; tests that look at the files set their own directory.
AUDIT_ANCHOR_SIGNING_KEY = "dGVzdC1vbmx5LWF1ZGl0LWFuY2hvci1rZXktMDAwMDE="
AUDIT_ANCHOR_SIGNING_KEY_FILE = None
AUDIT_ANCHOR_PUBLIC_KEY = None
AUDIT_ANCHOR_DIR = tempfile.mkdtemp(prefix="laget-test-anchors-")
# Row-level security: tests build their data outside requests like commands do, and on PostgreSQL
# act as the application role, with a backend whose flush may empty the audit tables.
DATABASE_SCOPE_OUTSIDE_REQUESTS = "all"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "tenancy.postgresql_test"
    DATABASE_APP_ROLE = "laget_app"
# The rate limits (the API's, the digest's) count in the local-memory cache, which lives as long
# as the test run: high enough that no test meets them by chance; the tests of the limits set
# their own.
API_REQUESTS_PER_MINUTE = 1_000_000
API_FAILED_TOKENS_PER_MINUTE = 1_000_000
DIGEST_CONFIRMATIONS_PER_DAY = 1_000_000
DIGEST_SUBSCRIPTIONS_PER_HOUR = 1_000_000
