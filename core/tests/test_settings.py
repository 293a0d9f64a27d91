import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = _import_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    result = _import_settings(SECRET_KEY="a-long-random-value-for-this-test-only-1234567890")
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DEBUG"}, "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_passwords_are_hashed_with_argon2(db):
    from tests.factories import UserFactory

    user = UserFactory()
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_env_example_lists_every_variable_the_settings_read():
    import re

    read = set(
        re.findall(
            r'env_(?:str|bool|int|list|optional_str)\("([A-Z_]+)"',
            (ROOT / "config" / "settings.py").read_text(encoding="utf-8"),
        )
    )
    listed = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M)
    )
    assert read, "the pattern found no variables"
    assert read - listed == set()
