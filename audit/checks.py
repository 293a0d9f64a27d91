"""System checks of the access log's configuration: a malformed anchor key stops start-up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from audit.anchors import public_key_parse, signing_key_configured


def anchor_keys_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """The anchor keys, when set, must be readable Ed25519 keys. Unset is allowed here: the
    anchor job and `audit_verify --anchors` then fail with their own message."""
    try:
        signing_key_configured()
        if settings.AUDIT_ANCHOR_PUBLIC_KEY:
            public_key_parse(settings.AUDIT_ANCHOR_PUBLIC_KEY, variable="AUDIT_ANCHOR_PUBLIC_KEY")
    except ImproperlyConfigured as error:
        return [Error(str(error), id="audit.E001")]
    return []
