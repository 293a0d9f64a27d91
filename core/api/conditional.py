"""Conditional requests (RFC 9110 §13): the entity tag of an answer, `If-None-Match` on reads
(304) and `If-Match` on updates (412)."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest


def entity_tag(content: bytes) -> str:
    """A strong entity tag: the hash of the JSON the answer sends, so the same representation
    always has the same tag and another one another tag."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def none_match(request: HttpRequest, tag: str) -> bool:
    """`If-None-Match` names the answer's tag (weak comparison, §13.1.2): answer 304."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = _tags(header)
    return "*" in tags or _opaque(tag) in {_opaque(other) for other in tags}


def match_fails(request: HttpRequest, tag: str) -> bool:
    """`If-Match` does not name the current tag (strong comparison, §13.1.1): answer 412."""
    header = request.headers.get("If-Match")
    if header is None:
        return False
    tags = _tags(header)
    return "*" not in tags and tag not in tags
