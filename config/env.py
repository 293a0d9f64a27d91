"""Typed readers for environment variables.

Each helper fails loudly with the variable's name when a value cannot be read, so a typo in
production stops start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | object | None = _MISSING) -> str:
    value = _raw(name)
    if value is not None:
        return value
    if not isinstance(default, str):
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return default


def env_optional_str(name: str) -> str | None:
    return _raw(name)


def env_bool(name: str, *, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be a boolean "
        f"(one of {', '.join(sorted(_TRUE | _FALSE))}), not {value!r}."
    )


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be at least {minimum}, not {number}."
        )
    return number


def env_list(name: str, *, default: list[str]) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_key_list(name: str, *, size: int) -> list[str] | None:
    """A comma-separated list of "keyid:base64key" secrets, each key exactly `size` bytes and
    each id unique; None when unset. The first is the current key, the others still decrypt."""
    items = env_list(name, default=[])
    if not items:
        return None
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        key_id, _sep, encoded = item.partition(":")
        if not key_id or not encoded or not key_id.isalnum():
            raise ImproperlyConfigured(
                f"The environment variable {name} must list keys as keyid:base64key with a "
                f"letters-and-digits key id; item {position} is not in that form."
            )
        if key_id in seen:
            raise ImproperlyConfigured(
                f"The environment variable {name} names the key id {key_id!r} twice."
            )
        seen.add(key_id)
        env_base64_key(name, encoded, size=size, position=position)
    return items


def env_base64_key(name: str, encoded: str, *, size: int, position: int | None = None) -> bytes:
    """Decode a base64 secret of exactly `size` bytes; the message never repeats the secret."""
    where = f"item {position} of {name}" if position is not None else name
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"The key in {where} is not valid base64.") from None
    if len(key) != size:
        raise ImproperlyConfigured(
            f"The key in {where} must be {size} bytes ({size * 8} bits), not {len(key)}."
        )
    return key
