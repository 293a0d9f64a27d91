"""Every user-visible string is translated to bokmål, and the catalogue is not out of date."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(
    ".venv", "node_modules", "var", ".git", "test-results", "__pycache__"
)


def test_bokmal_catalogue_covers_every_string_in_the_code(tmp_path):
    # Extract the strings afresh in a copy, so the committed catalogue is compared, not changed.
    copy = tmp_path / "laget"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nb",
            "--no-location",
            "--no-obsolete",
            "--ignore=tests",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"},
    )
    catalogue = polib.pofile(str(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], "Translate these in locale/nb/LC_MESSAGES/django.po"
    assert fuzzy == [], "Review these fuzzy translations"


def test_english_catalogue_has_the_same_strings_as_bokmal():
    nb = {entry.msgid for entry in polib.pofile(str(ROOT / "locale/nb/LC_MESSAGES/django.po"))}
    en = {entry.msgid for entry in polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))}
    assert nb == en
