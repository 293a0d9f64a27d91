"""Test overrides: the only place where tests differ from production settings."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite")

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
