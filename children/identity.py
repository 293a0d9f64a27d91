"""Identity numbers (fødselsnummer, D-nummer) at rest: encrypted, with a keyed hash to find them.

Every row with a number stores two columns and never the number itself:

- `identity_number_encrypted`: ``<key id>:<base64(nonce ‖ AES-256-GCM ciphertext ‖ tag)>``, a
  fresh 96-bit nonce per value. The associated data binds the ciphertext to its column and row
  (``children.Child.identity_number:<row id>``): a value copied into another column or another
  row does not decrypt. The key id says which of ``IDENTITY_NUMBER_KEYS`` encrypted it, so keys
  rotate (``manage.py identity_numbers_rotate``).
- `identity_number_hash`: hex HMAC-SHA256 of the normalised number under
  ``IDENTITY_NUMBER_HMAC_KEY``: exact look-ups and the unique constraint, never the number.

Code reads and writes numbers only through this module and the models' ``identity_number``
property; look-ups go through ``identity_number_q``. Errors name the column and key id, never
the number.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from stdnum.no import fodselsnummer

NONCE_BYTES = 12
KEY_BYTES = 32
# The stored columns, for `save(update_fields=…)` after setting `identity_number`.
IDENTITY_NUMBER_FIELDS = ["identity_number_encrypted", "identity_number_hash"]


class IdentityNumberKeyError(ImproperlyConfigured):
    """A key is missing, malformed, or no configured key has the id a value was stored with."""


class IdentityNumberDecryptionError(Exception):
    """A stored value does not decrypt: it was changed, moved to another row, or the key with its
    id is not the key that encrypted it."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]  # by key id, the current one first
    current_id: str
    hmac_key: bytes
    hmac_previous_key: bytes | None


def _decode(encoded: str, *, what: str) -> bytes:
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise IdentityNumberKeyError(f"{what} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise IdentityNumberKeyError(f"{what} must be {KEY_BYTES} bytes, not {len(key)}.")
    return key


_cache: dict[tuple[object, ...], Keyring] = {}


def keyring() -> Keyring:
    """The configured keys, read from settings (and cached per configuration)."""
    raw_keys = getattr(settings, "IDENTITY_NUMBER_KEYS", None) or []
    raw_hmac = getattr(settings, "IDENTITY_NUMBER_HMAC_KEY", None) or ""
    raw_previous = getattr(settings, "IDENTITY_NUMBER_HMAC_PREVIOUS_KEY", None) or ""
    cache_key = (tuple(raw_keys), raw_hmac, raw_previous)
    cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    if not raw_keys:
        raise IdentityNumberKeyError("IDENTITY_NUMBER_KEYS is not set: no key to encrypt with.")
    if not raw_hmac:
        raise IdentityNumberKeyError("IDENTITY_NUMBER_HMAC_KEY is not set.")
    keys: dict[str, bytes] = {}
    for position, item in enumerate(raw_keys, start=1):
        key_id, _sep, encoded = item.partition(":")
        if not key_id.isalnum() or key_id in keys:
            raise IdentityNumberKeyError(
                f"Item {position} of IDENTITY_NUMBER_KEYS needs its own letters-and-digits id."
            )
        keys[key_id] = _decode(encoded, what=f"Item {position} of IDENTITY_NUMBER_KEYS")
    ring = Keyring(
        keys=keys,
        current_id=next(iter(keys)),
        hmac_key=_decode(raw_hmac, what="IDENTITY_NUMBER_HMAC_KEY"),
        hmac_previous_key=_decode(raw_previous, what="IDENTITY_NUMBER_HMAC_PREVIOUS_KEY")
        if raw_previous
        else None,
    )
    _cache[cache_key] = ring
    return ring


def identity_number_normalise(value: str) -> str:
    """The number as stored and hashed: digits only, without spaces, dashes or colons."""
    return fodselsnummer.compact(value or "")


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, identity_number_normalise(value).encode(), hashlib.sha256).hexdigest()


def identity_number_lookup_hash(value: str) -> str:
    """The keyed hash stored beside the ciphertext; "" for no number."""
    if not identity_number_normalise(value):
        return ""
    return _hmac(keyring().hmac_key, value)


def identity_number_lookup_hashes(value: str) -> list[str]:
    """Every hash the number may be stored under: the current key's, and while the HMAC key is
    being rotated (IDENTITY_NUMBER_HMAC_PREVIOUS_KEY set) the old key's too."""
    if not identity_number_normalise(value):
        return []
    ring = keyring()
    hashes = [_hmac(ring.hmac_key, value)]
    if ring.hmac_previous_key is not None:
        hashes.append(_hmac(ring.hmac_previous_key, value))
    return hashes


def identity_number_q(value: str, *, prefix: str = "") -> Q:
    """A filter for rows holding exactly this number (``prefix`` e.g. "child__"); matches
    nothing for an empty number."""
    hashes = identity_number_lookup_hashes(value)
    if not hashes:
        return Q(pk__in=[])
    return Q(**{f"{prefix}identity_number_hash__in": hashes})


def _associated_data(column: str, row_id: object) -> bytes:
    return f"{column}:{row_id}".encode()


def identity_number_encrypt(
    value: str, *, column: str, row_id: object, nonce: bytes | None = None
) -> str:
    """The stored form of a number under the current key; "" for no number.

    The nonce is fresh and random unless given: only the national data generator gives one
    (derived from its seed and the row, so that its output is repeatable and no nonce is used
    twice under a key)."""
    plain = identity_number_normalise(value)
    if not plain:
        return ""
    ring = keyring()
    if nonce is None:
        nonce = secrets.token_bytes(NONCE_BYTES)
    elif len(nonce) != NONCE_BYTES:
        raise ValueError(f"A nonce has {NONCE_BYTES} bytes.")
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(
        nonce, plain.encode(), _associated_data(column, row_id)
    )
    return f"{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def identity_number_key_id(token: str) -> str:
    """The id of the key a stored value was encrypted with ("" for no number)."""
    return token.partition(":")[0] if token else ""


def identity_number_decrypt(token: str, *, column: str, row_id: object) -> str:
    """The number from its stored form; "" for no number. Raises `IdentityNumberKeyError` when
    no configured key has the value's key id, `IdentityNumberDecryptionError` when the value
    does not decrypt (changed, moved, or the wrong key under that id)."""
    if not token:
        return ""
    key_id, _sep, encoded = token.partition(":")
    key = keyring().keys.get(key_id)
    if key is None:
        raise IdentityNumberKeyError(
            f"An identity number in {column} (row {row_id}) was encrypted with the key "
            f"{key_id!r}, which is not in IDENTITY_NUMBER_KEYS."
        )
    try:
        raw = base64.b64decode(encoded, validate=True)
        plain = AESGCM(key).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated_data(column, row_id)
        )
    except (binascii.Error, ValueError, InvalidTag):
        raise IdentityNumberDecryptionError(
            f"The identity number in {column} (row {row_id}) does not decrypt with the key "
            f"{key_id!r}: it was changed or moved, or the key is wrong."
        ) from None
    return plain.decode()


def identity_number_masked(value: str) -> str:
    """The birth-date part only: enough to tell two people apart, not to identify one."""
    return f"{value[:6]} *****" if value else ""
