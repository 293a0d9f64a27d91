"""The Norwegian HSDS 3.0 profile, declared once.

An HSDS profile adds fields to the core schemas. Each profile schema here is the core schema
(by its published URL) with the profile's properties added; the API serves them under
/api/hsds/profile/, docs/hsds-profile/ holds the same files (a test keeps them equal), the
export writes these fields (directory.hsds_out) and the import reads them (directory.hsds_in).
The profile's fields for professionals (what a service expects to receive, internal referral
routes, owners) are not part of it: they are never published.
"""

from __future__ import annotations

from typing import Any

CORE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PROFILE_PATH = "/api/hsds/profile/"
PROFILE_NAME = "Laget: Norwegian profile of HSDS 3.0"

_MUNICIPALITY_NUMBER = {
    "type": "string",
    "pattern": "^[0-9]{4}$",
    "description": "The municipality's four-digit number (kommunenummer, Kartverket).",
}

# entity -> property -> JSON Schema. The key of a municipality is its number.
PROFILE_FIELDS: dict[str, dict[str, dict[str, Any]]] = {
    "service": {
        "is_national": {
            "type": "boolean",
            "description": "A national service (helpline, web service), offered in every "
            "municipality.",
        },
        "legal_basis": {
            "type": "string",
            "description": "The law and section the service is given under, e.g. "
            "opplæringsloven § 11-5.",
        },
        "self_referral": {
            "type": "boolean",
            "description": "Whether a child, young person or parent may contact the service "
            "directly, without a referral.",
        },
        "referral_from": {
            "type": "string",
            "description": "Who can refer to the service, e.g. GP, school, child welfare.",
        },
        "last_reviewed": {
            "type": "string",
            "format": "date",
            "description": "When the service's owner last confirmed the entry.",
        },
        "source": {
            "type": "string",
            "format": "uri",
            "description": "Where the facts about a national service were verified.",
        },
        "deleted_at": {
            "type": "string",
            "format": "date-time",
            "description": "When the service was withdrawn from the directory. A withdrawn "
            "service is kept as a tombstone (status inactive) so that a modified_after sync "
            "sees it go.",
        },
    },
    "organization": {"municipality_number": _MUNICIPALITY_NUMBER},
    "service_area": {"municipality_number": _MUNICIPALITY_NUMBER},
}


def profile_schema(entity: str) -> dict[str, Any]:
    """The core schema of `entity` extended with the profile's properties."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{PROFILE_PATH}{entity}.json",
        "title": f"{entity} ({PROFILE_NAME})",
        "description": f"HSDS 3.0 {entity} with the Norwegian profile's fields.",
        "allOf": [{"$ref": f"{CORE}{entity}.json"}],
        "properties": PROFILE_FIELDS[entity],
    }


def profile_index() -> dict[str, Any]:
    return {
        "name": PROFILE_NAME,
        "hsds_version": "3.0",
        "description": "The directory of services for children and young people in Norway, "
        "as HSDS 3.0 with a few public fields more. Every core field keeps its meaning.",
        "schemas": {entity: f"{PROFILE_PATH}{entity}.json" for entity in PROFILE_FIELDS},
    }
