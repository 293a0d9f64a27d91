"""Anchoring the access log: the daily job, its file and e-mails, and `audit_verify --anchors`.

Tampering is simulated as an intruder with database rights would do it (see
test_verify_command.py): triggers off, rows deleted or rewritten, the chain head set back.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit.anchors import (
    ANCHOR_FILE_MODE,
    anchor_file_write,
    anchor_parse,
    anchor_sign,
    anchor_signature_problem,
    verifying_key,
)
from audit.hashing import event_hash
from audit.models import AccessEvent, Action, Anchor, AnchorRecipient, AnchorRun, ChainHead
from audit.services import access_event_record, access_events_seal, access_log_anchor
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def _record(n, place=None):
    """`n` reads, sealed into their chain as the sealer would within a second."""
    with transaction.atomic():
        events = [
            access_event_record(
                actor=None, action=Action.READ, object_id=i, municipality=place, purpose="p"
            )
            for i in range(n)
        ]
    access_events_seal()
    return list(AccessEvent.objects.filter(pk__in=[event.pk for event in events]))


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What a database superuser can do: step out of the application role and run with
            # triggers off until the transaction ends.
            cursor.execute("SET LOCAL ROLE NONE")
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_accessevent_append_only")
        cursor.execute(sql, params)


def _cut_back_to(chain, sequence):
    """Delete the newest events of `chain` and set its head back, so the chain is whole."""
    last = AccessEvent.objects.get(chain=chain, sequence=sequence)
    _raw("DELETE FROM audit_accessevent WHERE chain = %s AND sequence > %s", [chain, sequence])
    _raw(
        "UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE chain = %s",
        [sequence, last.hash, chain],
    )


@pytest.fixture
def anchor_dir(tmp_path, settings):
    directory = tmp_path / "anchors"
    directory.mkdir()
    settings.AUDIT_ANCHOR_DIR = str(directory)
    return directory


@pytest.fixture
def porsgrunn():
    return municipality("4001")


@pytest.fixture
def log(porsgrunn, anchor_dir):
    return _record(5, porsgrunn)


def _verify(*args):
    call_command("audit_verify", *args)


def _verify_fails(*args):
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args)
    return str(failure.value)


# --- the job -------------------------------------------------------------------------------------


def test_the_job_writes_every_chain_head_signed_to_a_new_read_only_file(log, anchor_dir):
    national = _record(2)
    result = access_log_anchor()

    (path,) = anchor_dir.iterdir()
    assert str(path) == result.file
    assert stat.S_IMODE(path.stat().st_mode) == ANCHOR_FILE_MODE == 0o444
    anchors = [anchor_parse(line) for line in path.read_text().splitlines()]
    assert [(a.chain, a.sequence, a.hash) for a in anchors] == [
        ("4001", 5, log[-1].hash),
        ("national", 2, national[-1].hash),
    ]
    # The run's own event comes after its anchor.
    assert ChainHead.objects.get(chain="national").sequence == 3
    key = verifying_key()
    assert all(anchor_signature_problem(anchor, key) is None for anchor in anchors)


def test_a_second_run_writes_a_second_file_and_never_overwrites_the_first(log, anchor_dir):
    first = access_log_anchor()
    before = Path(first.file).read_bytes()
    second = access_log_anchor()
    assert first.file != second.file
    assert len(list(anchor_dir.iterdir())) == 2
    assert open(first.file, "rb").read() == before  # noqa: SIM115
    # The same time stamp twice still gets a new name instead of the existing file.
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    one = anchor_file_write(directory=anchor_dir, anchored_at=moment, lines=["a"])
    two = anchor_file_write(directory=anchor_dir, anchored_at=moment, lines=["b"])
    assert one != two
    assert (one.read_text(), two.read_text()) == ("a\n", "b\n")
    with pytest.raises(FileExistsError):
        os.open(one, os.O_WRONLY | os.O_CREAT | os.O_EXCL)


def test_the_job_records_the_run_and_audits_it(log):
    result = access_log_anchor()
    run = AnchorRun.objects.get()
    assert run.file_path == result.file
    assert list(Anchor.objects.values_list("chain", "sequence", "hash")) == [
        ("4001", 5, log[-1].hash)
    ]
    event = AccessEvent.objects.get(object_type="audit.anchorrun", object_id=str(run.pk))
    assert (event.action, event.actor_label, event.chain) == (
        Action.EXPORT,
        "anchor job",
        "national",
    )
    assert event.detail["file"] == result.file
    _verify("--anchors", result.file)


def test_the_job_emails_each_municipality_with_an_address_its_own_anchor(log, porsgrunn):
    skien, bamble = municipality("4003"), municipality("4012")
    _record(3, skien)
    _record(1)
    AnchorRecipient.objects.create(municipality=porsgrunn, email="arkiv@porsgrunn.kommune.no")
    AnchorRecipient.objects.create(municipality=bamble, email="arkiv@bamble.kommune.no")

    result = access_log_anchor()

    # Skien has no address, Bamble has no events yet: one message, to Porsgrunn.
    assert result.emails == 1
    (message,) = mail.outbox
    assert message.to == ["arkiv@porsgrunn.kommune.no"]
    assert log[-1].hash in message.body
    ((filename, content, _mimetype),) = message.attachments
    assert filename.startswith("anchor-4001-")
    (line,) = content.splitlines()
    anchor = anchor_parse(line)
    assert (anchor.chain, anchor.sequence) == ("4001", 5)
    assert anchor_signature_problem(anchor, verifying_key()) is None
    assert Anchor.objects.get(chain="4001").emailed_to == "arkiv@porsgrunn.kommune.no"


def test_a_second_run_emails_only_where_the_chain_head_moved(log, porsgrunn):
    AnchorRecipient.objects.create(municipality=porsgrunn, email="arkiv@porsgrunn.kommune.no")
    access_log_anchor()
    assert access_log_anchor().emails == 0
    assert len(mail.outbox) == 1
    _record(1, porsgrunn)
    assert access_log_anchor().emails == 1
    assert len(mail.outbox) == 2


def test_the_job_without_a_key_fails_with_a_clear_message(log, settings):
    settings.AUDIT_ANCHOR_SIGNING_KEY = None
    with pytest.raises(ImproperlyConfigured, match="AUDIT_ANCHOR_SIGNING_KEY"):
        access_log_anchor()
    settings.AUDIT_ANCHOR_SIGNING_KEY = "not base64!"
    with pytest.raises(ImproperlyConfigured, match="base64 of a 32-byte Ed25519 key"):
        access_log_anchor()
    assert not AnchorRun.objects.exists()


def test_the_job_without_a_directory_fails_with_a_clear_message(log, settings):
    settings.AUDIT_ANCHOR_DIR = None
    with pytest.raises(ImproperlyConfigured, match="AUDIT_ANCHOR_DIR"):
        access_log_anchor()


# --- audit_verify --anchors ----------------------------------------------------------------------


def test_verify_with_anchors_passes_an_untouched_log_that_grew_since(log, anchor_dir, capsys):
    access_log_anchor()
    _record(3, log[0].municipality)
    _verify("--anchors", str(anchor_dir))
    assert "signed anchor(s) in 1 file(s) hold" in capsys.readouterr().out


def test_deleting_the_newest_rows_and_resetting_the_head_is_caught_only_with_anchors(
    log, anchor_dir
):
    access_log_anchor()
    _cut_back_to("4001", 3)

    _verify()  # the chain alone is whole again: this is the gap anchors close
    message = _verify_fails("--anchors", str(anchor_dir))
    assert (
        f"chain 4001: anchored at sequence 5 with hash {log[-1].hash}, the database ends at 3"
        in message
    )


def test_rewriting_the_chain_from_a_row_onwards_is_caught_by_an_anchor(log, anchor_dir):
    access_log_anchor()
    # A consistent forgery: row 2 changed, it and every later row re-hashed, the head moved.
    previous = log[0].hash
    for event in AccessEvent.objects.filter(chain="4001", sequence__gte=2).order_by("sequence"):
        event.purpose = "rewritten" if event.sequence == 2 else event.purpose
        event.previous_hash = previous
        event.hash = event_hash(event)
        previous = event.hash
        _raw(
            "UPDATE audit_accessevent SET purpose = %s, previous_hash = %s, hash = %s "
            "WHERE id = %s",
            [event.purpose, event.previous_hash, event.hash, event.pk],
        )
    _raw("UPDATE audit_chainhead SET hash = %s WHERE chain = '4001'", [previous])

    _verify()
    message = _verify_fails("--anchors", str(anchor_dir))
    assert f"event id {log[-1].pk} (chain 4001, #5)" in message
    assert f"anchored with hash {log[-1].hash}" in message


def test_an_edited_row_fails_verify_with_anchors(log, anchor_dir, capsys):
    access_log_anchor()
    _raw("UPDATE audit_accessevent SET purpose = 'innocent' WHERE id = %s", [log[2].pk])
    message = _verify_fails("--anchors", str(anchor_dir))
    assert f"event id {log[2].pk} (chain 4001, #3)" in message
    assert "does not match its hash" in capsys.readouterr().err


def test_a_deleted_row_fails_verify_with_anchors(log, anchor_dir):
    access_log_anchor()
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [log[2].pk])
    message = _verify_fails("--anchors", str(anchor_dir))
    assert f"event id {log[3].pk} (chain 4001, #4)" in message


def test_a_deleted_anchored_row_is_named_by_the_anchor(log, anchor_dir, capsys):
    access_log_anchor()
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [log[-1].pk])
    _verify_fails("--anchors", str(anchor_dir))
    assert "chain 4001: anchored at sequence 5" in capsys.readouterr().err


def test_a_whole_chain_removed_with_its_head_is_caught_by_its_anchor(log, anchor_dir):
    access_log_anchor()
    _raw("DELETE FROM audit_accessevent WHERE chain = '4001'")
    _raw("DELETE FROM audit_chainhead WHERE chain = '4001'")
    _verify()
    message = _verify_fails("--anchors", str(anchor_dir))
    assert "chain 4001: anchored at sequence 5" in message
    assert "the database ends at 0" in message


def _rewrite(path, change):
    lines = path.read_text().splitlines()
    path.chmod(0o644)  # an intruder with the file's rights
    path.write_text("".join(f"{change(line)}\n" for line in lines))


def test_a_tampered_anchor_is_reported_as_changed(log, anchor_dir, capsys):
    result = access_log_anchor()
    path = Path(result.file)

    def lower_the_sequence(line):
        data = json.loads(line)
        data["sequence"] = 3
        return json.dumps(data)

    _rewrite(path, lower_the_sequence)
    message = _verify_fails("--anchors", str(path))
    assert f"anchor {path.name}, line 1: its signature does not match its content" in message


def test_an_unsigned_anchor_is_reported_as_unsigned(log, anchor_dir):
    result = access_log_anchor()
    path = Path(result.file)

    def unsign(line):
        data = json.loads(line)
        data["signature"] = ""
        return json.dumps(data)

    _rewrite(path, unsign)
    assert "the anchor is unsigned" in _verify_fails("--anchors", str(path))


def test_a_line_that_is_not_an_anchor_is_reported(log, anchor_dir):
    (anchor_dir / "anchors-x.jsonl").write_text("hello\n")
    assert "anchor anchors-x.jsonl, line 1: not JSON" in _verify_fails("--anchors", str(anchor_dir))


def test_an_anchor_signed_with_another_key_is_refused(log, anchor_dir):
    other = Ed25519PrivateKey.generate()
    # Anchoring a chain cut back to #3: the forger's anchor would hide the cut.
    forged = anchor_sign(
        key=other,
        chain="4001",
        sequence=3,
        hash=log[2].hash,
        anchored_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    (anchor_dir / "anchors-forged.jsonl").write_text(forged.to_line() + "\n")
    message = _verify_fails("--anchors", str(anchor_dir))
    assert "it was signed with another key" in message


def test_the_public_key_from_configuration_is_used(log, anchor_dir, settings):
    access_log_anchor()
    other = Ed25519PrivateKey.generate().public_key()
    raw = other.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    settings.AUDIT_ANCHOR_PUBLIC_KEY = base64.b64encode(raw).decode()
    assert "signed with another key" in _verify_fails("--anchors", str(anchor_dir))


def test_verify_with_an_empty_or_missing_anchor_path_fails_clearly(log, anchor_dir):
    assert "No anchor files" in _verify_fails("--anchors", str(anchor_dir))
    assert "neither an anchor file nor a directory" in _verify_fails(
        "--anchors", str(anchor_dir / "nope")
    )


# --- the key -------------------------------------------------------------------------------------


def test_keygen_prints_a_key_pair_that_signs_and_verifies(settings, capsys):
    call_command("audit_anchor_keygen")
    out = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines() if "=" in line)
    settings.AUDIT_ANCHOR_SIGNING_KEY = out["AUDIT_ANCHOR_SIGNING_KEY"]
    call_command("audit_anchor_keygen", "--show-public")
    assert f"AUDIT_ANCHOR_PUBLIC_KEY={out['AUDIT_ANCHOR_PUBLIC_KEY']}" in capsys.readouterr().out


def test_keygen_writes_a_private_pem_file_once(tmp_path, settings, capsys, log):
    path = tmp_path / "anchor-key.pem"
    call_command("audit_anchor_keygen", "--out", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    with pytest.raises(CommandError, match="Cannot create"):
        call_command("audit_anchor_keygen", "--out", str(path))

    settings.AUDIT_ANCHOR_SIGNING_KEY = None
    settings.AUDIT_ANCHOR_SIGNING_KEY_FILE = str(path)
    result = access_log_anchor()
    _verify("--anchors", result.file)


def test_a_malformed_anchor_key_fails_the_system_check(settings):
    from audit.checks import anchor_keys_check

    assert anchor_keys_check() == []
    settings.AUDIT_ANCHOR_PUBLIC_KEY = "abc"
    (error,) = anchor_keys_check()
    assert error.id == "audit.E001"
    assert "AUDIT_ANCHOR_PUBLIC_KEY" in error.msg
