"""Identity numbers at rest: encrypted with AES-GCM, found by a keyed hash, rotated by command."""

from __future__ import annotations

import base64
import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from audit.models import AccessEvent
from children.identity import (
    IDENTITY_NUMBER_FIELDS,
    IdentityNumberDecryptionError,
    IdentityNumberKeyError,
    identity_number_decrypt,
    identity_number_encrypt,
    identity_number_key_id,
    identity_number_lookup_hash,
    identity_number_q,
    keyring,
)
from children.models import Child, Guardian
from children.services import GuardianData, child_register
from conftest import verified_client
from tests.factories import UserFactory
from tests.world import FICTIONAL_FNR, build_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MONA = "02448510185"
# Fixed test keys: "old" is what the test settings use (test1), "new" is the one rotated to.
OLD = "test1:" + base64.b64encode(b"test-only-identity-number-key-01").decode()
NEW = "test2:" + base64.b64encode(b"test-only-identity-number-key-02").decode()
TEST_HMAC = base64.b64encode(b"test-only-identity-number-hmac-1").decode()
OTHER_HMAC = base64.b64encode(b"test-only-identity-number-hmac-2").decode()


def _raw(table: str, pk: object) -> tuple[str, str]:
    """The stored columns, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT identity_number_encrypted, identity_number_hash FROM {table} "  # noqa: S608
            "WHERE id = %s",
            [Child._meta.pk.get_db_prep_value(pk, connection)],  # type: ignore[union-attr]
        )
        row = cursor.fetchone()
    return row[0], row[1]


def _raw_set(table: str, pk: object, encrypted: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET identity_number_encrypted = %s WHERE id = %s",  # noqa: S608
            [encrypted, Child._meta.pk.get_db_prep_value(pk, connection)],  # type: ignore[union-attr]
        )


def _every_column_of(table: str, pk: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {table} WHERE id = %s",  # noqa: S608
            [Child._meta.pk.get_db_prep_value(pk, connection)],  # type: ignore[union-attr]
        )
        return " ".join(str(value) for value in cursor.fetchone())


def _fresh(model, pk):
    return model.objects.get(pk=pk)


def test_the_stored_row_holds_no_plain_number_for_child_or_guardian():
    world = build_world()
    guardian = world.child.guardians.get()
    guardian.identity_number = MONA
    guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)

    for table, pk, number in [
        ("children_child", world.child.pk, FICTIONAL_FNR),
        ("children_guardian", guardian.pk, MONA),
    ]:
        encrypted, lookup = _raw(table, pk)
        assert number not in _every_column_of(table, pk)
        assert number[:6] not in encrypted
        assert identity_number_key_id(encrypted) == "test1"
        assert len(lookup) == 64
    assert _fresh(Child, world.child.pk).identity_number == FICTIONAL_FNR
    assert _fresh(Guardian, guardian.pk).identity_number == MONA
    assert _fresh(Child, world.child.pk).identity_number_masked == FICTIONAL_FNR[:6] + " *****"


def test_each_value_gets_its_own_nonce_so_equal_numbers_do_not_look_equal():
    world = build_world()
    child = _fresh(Child, world.child.pk)
    first = child.identity_number_encrypted
    child.identity_number = FICTIONAL_FNR
    assert child.identity_number_encrypted != first
    assert child.identity_number_hash == identity_number_lookup_hash(FICTIONAL_FNR)


def test_a_given_nonce_gives_the_same_value_that_still_decrypts_only_in_its_row():
    column = "children.Child.identity_number"
    first = identity_number_encrypt(FICTIONAL_FNR, column=column, row_id=1, nonce=b"n" * 12)

    assert identity_number_encrypt(FICTIONAL_FNR, column=column, row_id=1, nonce=b"n" * 12) == first
    assert identity_number_decrypt(first, column=column, row_id=1) == FICTIONAL_FNR
    with pytest.raises(IdentityNumberDecryptionError):
        identity_number_decrypt(first, column=column, row_id=2)
    with pytest.raises(ValueError, match="12 bytes"):
        identity_number_encrypt(FICTIONAL_FNR, column=column, row_id=1, nonce=b"short")


def test_a_lookup_by_the_full_number_finds_exactly_that_child_and_guardian():
    world = build_world()
    guardian = world.child.guardians.get()
    guardian.identity_number = MONA
    guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)

    assert list(Child.objects.filter(identity_number_q(FICTIONAL_FNR))) == [world.child]
    # Spaces as people type them are the same number.
    assert list(Guardian.objects.filter(identity_number_q("024485 10185"))) == [guardian]
    assert not Child.objects.filter(identity_number_q(MONA)).exists()
    assert not Child.objects.filter(identity_number_q("")).exists()


def test_the_same_number_in_the_same_municipality_links_to_the_one_record():
    world = build_world()
    again = child_register(
        actor=world.coordinator,
        unit=world.health,
        given_name="Sara",
        family_name="Testesen",
        birth_date=datetime.date(2012, 1, 1),
        identity_number=FICTIONAL_FNR,
    )
    assert again.pk == world.child.pk
    assert Child.objects.filter(identity_number_q(FICTIONAL_FNR)).count() == 1


def test_the_database_refuses_a_second_child_with_the_same_number_in_a_municipality():
    world = build_world()
    twin = Child(
        municipality=world.child.municipality,
        given_name="Sara",
        family_name="Kopi",
        birth_date=datetime.date(2012, 1, 1),
        created_by=world.coordinator,
    )
    twin.identity_number = FICTIONAL_FNR
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_bad_number_is_refused_without_repeating_it():
    world = build_world()
    bad = "01411250188"
    with pytest.raises(Exception) as error:  # noqa: PT011 - the class is checked below
        child_register(
            actor=world.coordinator,
            unit=world.school,
            given_name="Per",
            family_name="Feil",
            birth_date=datetime.date(2012, 1, 1),
            identity_number=bad,
            guardians=[GuardianData("Far Feil", "far", True, identity_number=bad)],
        )
    assert type(error.value).__name__ == "ValidationError"
    assert "identity_number" in error.value.message_dict  # type: ignore[attr-defined]
    assert bad not in str(error.value)


def test_a_value_under_an_old_key_is_read_and_then_rotated_by_the_command():
    world = build_world()
    guardian = world.child.guardians.get()
    guardian.identity_number = MONA
    guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)
    before = AccessEvent.objects.count()

    with override_settings(IDENTITY_NUMBER_KEYS=[NEW, OLD]):
        assert keyring().current_id == "test2"
        # Still under the old key, and still readable and findable.
        assert identity_number_key_id(_raw("children_child", world.child.pk)[0]) == "test1"
        assert _fresh(Child, world.child.pk).identity_number == FICTIONAL_FNR
        assert Child.objects.filter(identity_number_q(FICTIONAL_FNR)).exists()

        out = StringIO()
        call_command("identity_numbers_rotate", "--batch-size", "1", stdout=out)
        children_with_numbers = Child.objects.exclude(identity_number_encrypted="").count()
        assert f"children.Child: {children_with_numbers} checked, {children_with_numbers} re-" in (
            out.getvalue()
        )
        assert "children.Guardian: 1 checked, 1 re-encrypted" in out.getvalue()
        for model, pk, number in [
            (Child, world.child.pk, FICTIONAL_FNR),
            (Guardian, guardian.pk, MONA),
        ]:
            encrypted, _lookup = _raw(model._meta.db_table, pk)
            assert identity_number_key_id(encrypted) == "test2"
            assert _fresh(model, pk).identity_number == number
        # One audit event per batch that changed something, with no number in it.
        events = AccessEvent.objects.order_by("id")[before:]
        assert len(events) == children_with_numbers + 1
        assert all(FICTIONAL_FNR not in str(event.detail) for event in events)

        again = StringIO()
        call_command("identity_numbers_rotate", stdout=again)
        assert "0 re-encrypted" in again.getvalue()
        assert AccessEvent.objects.count() == before + children_with_numbers + 1

    # With only the new key, the old one is no longer needed.
    with override_settings(IDENTITY_NUMBER_KEYS=[NEW]):
        assert _fresh(Child, world.child.pk).identity_number == FICTIONAL_FNR


def test_the_hmac_key_rotates_with_the_previous_key_kept_until_the_command_ran():
    world = build_world()
    with override_settings(
        IDENTITY_NUMBER_HMAC_KEY=OTHER_HMAC, IDENTITY_NUMBER_HMAC_PREVIOUS_KEY=TEST_HMAC
    ):
        # During the rotation the old hashes still match.
        assert Child.objects.filter(identity_number_q(FICTIONAL_FNR)).exists()
        out = StringIO()
        call_command("identity_numbers_rotate", stdout=out)
        assert "remove IDENTITY_NUMBER_HMAC_PREVIOUS_KEY" in out.getvalue()
    with override_settings(IDENTITY_NUMBER_HMAC_KEY=OTHER_HMAC):
        assert _raw("children_child", world.child.pk)[1] == identity_number_lookup_hash(
            FICTIONAL_FNR
        )
        assert list(Child.objects.filter(identity_number_q(FICTIONAL_FNR))) == [world.child]


def test_a_missing_key_fails_loudly():
    world = build_world()
    with override_settings(IDENTITY_NUMBER_KEYS=[NEW]):
        with pytest.raises(IdentityNumberKeyError, match="'test1'"):
            _fresh(Child, world.child.pk).identity_number  # noqa: B018
        with pytest.raises(CommandError, match="not in IDENTITY_NUMBER_KEYS"):
            call_command("identity_numbers_rotate", stdout=StringIO())
    with override_settings(IDENTITY_NUMBER_KEYS=[]), pytest.raises(IdentityNumberKeyError):
        Child(given_name="x").identity_number = MONA
    with override_settings(IDENTITY_NUMBER_HMAC_KEY=""), pytest.raises(IdentityNumberKeyError):
        identity_number_lookup_hash(MONA)
    with (
        override_settings(IDENTITY_NUMBER_KEYS=["bad:bm90LWEta2V5"]),
        pytest.raises(IdentityNumberKeyError, match="32 bytes"),
    ):
        keyring()


def test_the_wrong_key_under_the_right_id_is_refused():
    world = build_world()
    wrong = "test1:" + base64.b64encode(b"x" * 32).decode()
    with (
        override_settings(IDENTITY_NUMBER_KEYS=[wrong]),
        pytest.raises(IdentityNumberDecryptionError) as error,
    ):
        _fresh(Child, world.child.pk).identity_number  # noqa: B018
    assert FICTIONAL_FNR not in str(error.value)


def test_a_tampered_ciphertext_is_refused():
    world = build_world()
    encrypted, _lookup = _raw("children_child", world.child.pk)
    key_id, _sep, body = encrypted.partition(":")
    raw = bytearray(base64.b64decode(body))
    raw[-20] ^= 1
    _raw_set("children_child", world.child.pk, f"{key_id}:{base64.b64encode(raw).decode()}")
    with pytest.raises(IdentityNumberDecryptionError, match=r"children\.Child\.identity_number"):
        _fresh(Child, world.child.pk).identity_number  # noqa: B018


def test_a_ciphertext_moved_to_another_row_or_column_is_refused():
    world = build_world()
    encrypted, _lookup = _raw("children_child", world.child.pk)
    other = Child.objects.exclude(pk=world.child.pk).first()
    assert other is not None
    _raw_set("children_child", other.pk, encrypted)
    with pytest.raises(IdentityNumberDecryptionError):
        _fresh(Child, other.pk).identity_number  # noqa: B018
    guardian = world.child.guardians.get()
    _raw_set("children_guardian", guardian.pk, encrypted)
    with pytest.raises(IdentityNumberDecryptionError):
        _fresh(Guardian, guardian.pk).identity_number  # noqa: B018


def test_str_and_repr_show_no_number():
    world = build_world()
    child = _fresh(Child, world.child.pk)
    assert FICTIONAL_FNR not in f"{child} {child!r}"
    assert FICTIONAL_FNR[6:] not in child.identity_number_masked


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    names = {"DEBUG", "IDENTITY_NUMBER_KEYS", "IDENTITY_NUMBER_HMAC_KEY"}
    clean = {key: value for key, value in os.environ.items() if key not in names}
    clean.update({"SECRET_KEY": "a-long-random-value-for-this-test-only-1234567890", **env})
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_identity_number_keys_refuses_to_start():
    result = _import_settings()
    assert result.returncode != 0
    assert "IDENTITY_NUMBER_KEYS and IDENTITY_NUMBER_HMAC_KEY must be set" in result.stderr


def test_production_refuses_a_malformed_identity_number_key():
    hmac_key = base64.b64encode(b"h" * 32).decode()
    short = _import_settings(
        IDENTITY_NUMBER_KEYS="k1:" + base64.b64encode(b"short").decode(),
        IDENTITY_NUMBER_HMAC_KEY=hmac_key,
    )
    assert short.returncode != 0
    assert "must be 32 bytes" in short.stderr
    good = _import_settings(IDENTITY_NUMBER_KEYS=OLD, IDENTITY_NUMBER_HMAC_KEY=hmac_key)
    assert good.returncode == 0, good.stderr


def test_a_failing_validation_on_the_page_does_not_repeat_the_number():
    world = build_world()
    bad = "01411250188"
    client = verified_client(world.coordinator)
    answer = client.post(
        reverse("concerns:new"),
        {
            "unit": world.school.pk,
            "given_name": "Per",
            "family_name": "Feil",
            "birth_date": "2012-01-01",
            "identity_number": bad,
            "observed": "Noe",
            "level": "0",
        },
    )
    assert answer.status_code == 400
    errors = answer.context["form"].errors["identity_number"]
    assert errors
    assert bad not in str(errors)
    # The only place it appears is the field the person typed it into.
    assert answer.content.decode().count(bad) == 1


def test_the_access_log_in_the_admin_never_shows_a_number():
    world = build_world()
    operator = UserFactory(username="operator", is_superuser=True, is_staff=True)
    admin_client = verified_client(operator)
    pages = [
        reverse("admin:index"),
        reverse("admin:audit_accessevent_changelist"),
    ]
    pages += [
        reverse("admin:audit_accessevent_change", args=[event.pk])
        for event in AccessEvent.objects.filter(child_id=world.child.pk)[:5]
    ]
    for page in pages:
        answer = admin_client.get(page)
        assert answer.status_code == 200, page
        assert FICTIONAL_FNR not in answer.content.decode(), page
