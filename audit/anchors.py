"""Signed anchors of the access log: their format, the Ed25519 key and the append-only file.

An anchor says "chain C had reached event #S, whose hash is H, at time T", signed with the
operator's Ed25519 key. Kept where the database cannot reach (an append-only directory, the
municipality's mailbox), anchors let `audit_verify --anchors` detect a chain that was cut back
and had its head reset, which the hash chain alone cannot (see docs/security.md).

No database access here: `audit.services.access_log_anchor` writes anchors and
`audit.selectors.access_log_anchors_check` compares them with the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ANCHOR_FORMAT = "laget-audit-anchor/1"
ANCHOR_SUFFIX = ".jsonl"
# Read-only for everyone, also for the job that wrote it: an anchor file is never rewritten.
ANCHOR_FILE_MODE = 0o444


class AnchorFormatError(ValueError):
    """A line that is not an anchor at all (bad JSON, missing or malformed fields)."""


@dataclass(frozen=True)
class SignedAnchor:
    format: str
    chain: str
    sequence: int
    hash: str
    anchored_at: str
    key_id: str
    signature: str

    def signed_content(self) -> bytes:
        """The exact bytes the signature covers: every field but the signature, canonical JSON."""
        content = asdict(self)
        del content["signature"]
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def to_line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


# --- keys ----------------------------------------------------------------------------------------


def _decode_base64(text: str, variable: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            f"{variable} must be a PEM key or the base64 of a 32-byte Ed25519 key."
        ) from None


def private_key_parse(text: str, *, variable: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (PKCS#8, unencrypted) or the base64 of its 32-byte seed."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"{variable} is not a readable PEM key: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{variable} must be an Ed25519 key, not {type(key)}.")
        return key
    raw = _decode_base64(text, variable)
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{variable} must be the base64 of a 32-byte Ed25519 key, not of {len(raw)} bytes."
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_parse(text: str, *, variable: str) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (SubjectPublicKeyInfo) or the base64 of its 32 bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except ValueError as error:
            raise ImproperlyConfigured(f"{variable} is not a readable PEM key: {error}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured(f"{variable} must be an Ed25519 key, not {type(key)}.")
        return key
    raw = _decode_base64(text, variable)
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{variable} must be the base64 of a 32-byte Ed25519 key, not of {len(raw)} bytes."
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def signing_key_configured() -> Ed25519PrivateKey | None:
    """The signing key from AUDIT_ANCHOR_SIGNING_KEY or the file AUDIT_ANCHOR_SIGNING_KEY_FILE."""
    text: str | None = settings.AUDIT_ANCHOR_SIGNING_KEY
    key_file: str | None = settings.AUDIT_ANCHOR_SIGNING_KEY_FILE
    if text and key_file:
        raise ImproperlyConfigured(
            "Set AUDIT_ANCHOR_SIGNING_KEY or AUDIT_ANCHOR_SIGNING_KEY_FILE, not both."
        )
    if key_file:
        try:
            text = Path(key_file).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(
                f"AUDIT_ANCHOR_SIGNING_KEY_FILE {key_file!r} cannot be read: {error}"
            ) from None
        return private_key_parse(text, variable="AUDIT_ANCHOR_SIGNING_KEY_FILE")
    if text:
        return private_key_parse(text, variable="AUDIT_ANCHOR_SIGNING_KEY")
    return None


def signing_key() -> Ed25519PrivateKey:
    key = signing_key_configured()
    if key is None:
        raise ImproperlyConfigured(
            "AUDIT_ANCHOR_SIGNING_KEY (or AUDIT_ANCHOR_SIGNING_KEY_FILE) is not set, so the "
            "access log cannot be anchored. Create a key with `manage.py audit_anchor_keygen`."
        )
    return key


def verifying_key() -> Ed25519PublicKey:
    """AUDIT_ANCHOR_PUBLIC_KEY, or else the public half of the configured signing key."""
    text: str | None = settings.AUDIT_ANCHOR_PUBLIC_KEY
    if text:
        return public_key_parse(text, variable="AUDIT_ANCHOR_PUBLIC_KEY")
    key = signing_key_configured()
    if key is None:
        raise ImproperlyConfigured(
            "Neither AUDIT_ANCHOR_PUBLIC_KEY nor AUDIT_ANCHOR_SIGNING_KEY is set: there is no key "
            "to check the anchors' signatures with."
        )
    return key.public_key()


def public_key_base64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint of the public key, written into every anchor it signs."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# --- signing and checking ------------------------------------------------------------------------


def anchor_sign(
    *, key: Ed25519PrivateKey, chain: str, sequence: int, hash: str, anchored_at: datetime
) -> SignedAnchor:
    unsigned = SignedAnchor(
        format=ANCHOR_FORMAT,
        chain=chain,
        sequence=sequence,
        hash=hash,
        anchored_at=anchored_at.astimezone(UTC).isoformat(),
        key_id=key_id(key.public_key()),
        signature="",
    )
    signature = key.sign(unsigned.signed_content())
    return SignedAnchor(
        **{**asdict(unsigned), "signature": base64.b64encode(signature).decode("ascii")}
    )


def anchor_parse(line: str) -> SignedAnchor:
    try:
        data = json.loads(line)
    except ValueError as error:
        raise AnchorFormatError(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise AnchorFormatError("not a JSON object")
    if data.get("format") != ANCHOR_FORMAT:
        raise AnchorFormatError(f"not an anchor (format is not {ANCHOR_FORMAT!r})")
    if not data.get("signature"):
        raise AnchorFormatError("the anchor is unsigned")
    expected = {"format", "chain", "sequence", "hash", "anchored_at", "key_id", "signature"}
    if set(data) != expected:
        raise AnchorFormatError(
            f"unexpected fields {sorted(set(data) ^ expected)} (the anchor was changed)"
        )
    texts = ("chain", "hash", "anchored_at", "key_id", "signature")
    if not all(isinstance(data[name], str) for name in texts):
        raise AnchorFormatError("a field that should be text is not")
    if not isinstance(data["sequence"], int) or isinstance(data["sequence"], bool):
        raise AnchorFormatError("the sequence is not a whole number")
    return SignedAnchor(**data)


def anchor_signature_problem(anchor: SignedAnchor, key: Ed25519PublicKey) -> str | None:
    """None when `key` signed exactly this anchor; otherwise what is wrong with it."""
    try:
        signature = base64.b64decode(anchor.signature, validate=True)
    except (binascii.Error, ValueError):
        return "its signature is not base64 (the anchor was changed)"
    expected_id = key_id(key)
    if anchor.key_id != expected_id:
        return (
            f"it was signed with another key (key id {anchor.key_id}, "
            f"the configured key is {expected_id})"
        )
    try:
        key.verify(signature, anchor.signed_content())
    except InvalidSignature:
        return "its signature does not match its content (the anchor was changed)"
    return None


# --- files ---------------------------------------------------------------------------------------


def anchor_file_write(*, directory: Path, anchored_at: datetime, lines: list[str]) -> Path:
    """Write `lines` to a new file in `directory` and return its path.

    Never overwrites: the file is created with O_CREAT|O_EXCL (a name that exists gets a
    counter) and is read-only (0o444) from the start. Fails loudly when the directory is missing
    or not writable, so the job that calls it fails and is retried."""
    stamp = anchored_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    content = "".join(f"{line}\n" for line in lines).encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(100):
        suffix = f"-{attempt}" if attempt else ""
        path = directory / f"anchors-{stamp}{suffix}{ANCHOR_SUFFIX}"
        try:
            descriptor = os.open(path, flags, ANCHOR_FILE_MODE)
        except FileExistsError:
            continue
        try:
            os.write(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return path
    raise FileExistsError(f"No free anchor file name in {directory} for {stamp}.")


def anchor_files(path: Path) -> list[Path]:
    """`path` itself when it is a file; else every *.jsonl file in the directory, oldest first."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ANCHOR_SUFFIX)
    if path.is_file():
        return [path]
    raise FileNotFoundError(f"{path} is neither an anchor file nor a directory of them.")


def anchor_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-empty line of one anchor file."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield number, line.strip()
