"""The access log's words: purposes, objects, bases and citations in plain words, dates and
times in local time. The rows and pages that use them are `teams.access_log`; a consent's name is
`consents.words`."""

from children.access_log.words import (
    CITATIONS,
    GUARDIAN_BASIS,
    OBJECT_TYPES,
    OWN_DATA_BASIS,
    PURPOSES,
    Audience,
    day_text,
    when_text,
)

__all__ = [
    "CITATIONS",
    "GUARDIAN_BASIS",
    "OBJECT_TYPES",
    "OWN_DATA_BASIS",
    "PURPOSES",
    "Audience",
    "day_text",
    "when_text",
]
