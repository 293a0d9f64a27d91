"""Validation against the official HSDS 3.0 JSON Schemas, offline.

Every schema file of the standard is registered under its file name and under the published URL
that openapi.json refers to (and its `$id`, should one get one), so every `$ref` resolves to the
local copy and nothing is fetched from the network.

The standard's schemas allow any extra property (profiles add fields). `validate` is strict by
default: it also refuses properties the schema does not name, so a misspelt key cannot pass;
the Norwegian profile's fields (directory.hsds_profile) are named, with their types, in every
schema of the entity they extend, nested ones included.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.hsds_profile import PROFILE_FIELDS

STANDARD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "hsds-3.0"
SCHEMA_DIR = STANDARD / "schema"
# openapi.json refers to the published copies of the schema files.
PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def validate(instance: Any, schema_file: str, *, strict: bool = True) -> None:
    """Fail with every error unless `instance` is valid against `schema_file`.

    `schema_file` is relative to schema/, e.g. "compiled/service.json", and may end in a JSON
    pointer fragment ("openapi.json#/components/schemas/Page"); see `openapi_response`.
    """
    validator = Draft202012Validator(
        {"$ref": PUBLISHED + schema_file},
        registry=_registry(strict),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
    if errors:
        lines = [f"{error.json_path}: {error.message}" for error in errors]
        raise AssertionError(f"Not valid against {schema_file}:\n" + "\n".join(lines))


def openapi_response(path: str) -> str:
    """The schema of the 200 answer to GET `path` (as written in openapi.json, e.g.
    "/services/{id}"), for `validate`."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"openapi.json#/paths/{escaped}/get/responses/200/content/application~1json/schema"


@cache
def _registry(strict: bool) -> Registry[Any]:
    resources: list[tuple[str, Resource[Any]]] = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        name = path.relative_to(SCHEMA_DIR).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        # openapi.json's list answers combine properties through allOf: closing them would
        # refuse the page fields. It refers to the entity schemas, which are closed.
        if strict and name != "openapi.json":
            contents = _closed(copy.deepcopy(contents))
        resource = DRAFT202012.create_resource(contents)
        uris = {name, PUBLISHED + name}
        if isinstance(contents, dict) and "$id" in contents:
            uris.add(contents["$id"])
        resources += [(uri, resource) for uri in uris]
    return Registry().with_resources(resources)


def _closed(schema: Any) -> Any:
    """`schema` with additionalProperties false on every object schema that lists properties."""
    if isinstance(schema, list):
        for item in schema:
            _closed(item)
    elif isinstance(schema, dict):
        properties = schema.get("properties")
        if schema.get("type") == "object" and isinstance(properties, dict):
            schema.setdefault("additionalProperties", False)
            properties.update(PROFILE_FIELDS.get(schema.get("name", ""), {}))
        for key in ("properties", "definitions", "$defs"):
            for subschema in (schema.get(key) or {}).values():
                _closed(subschema)
        for key in ("items", "allOf", "anyOf", "oneOf"):
            if key in schema:
                _closed(schema[key])
    return schema


@cache
def openapi_document() -> dict[str, Any]:
    """The official openapi.json with every `$ref` to a published schema file replaced by the
    local copy's contents, so a tool that resolves references itself (schemathesis) reads
    nothing from the network. References inside the document (`#/components/...`) stay."""
    document = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    return _inlined(document, SCHEMA_DIR, ())


def inlined_schema(schema_file: str) -> dict[str, Any]:
    """The schema file (relative to schema/) with its references inlined, as in
    `openapi_document`."""
    return _inlined({"$ref": PUBLISHED + schema_file}, SCHEMA_DIR, ())


def _inlined(schema: Any, directory: Path, seen: tuple[Path, ...]) -> Any:
    if isinstance(schema, list):
        return [_inlined(item, directory, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and not reference.startswith("#"):
        name = reference.removeprefix(PUBLISHED)
        path = (directory / name).resolve()
        if path in seen:
            raise ValueError(f"Circular reference to {name}")
        contents = json.loads(path.read_text(encoding="utf-8"))
        contents.pop("$id", None)
        contents.pop("$schema", None)
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return {**_inlined(contents, path.parent, (*seen, path)), **rest}
    return {key: _inlined(value, directory, seen) for key, value in schema.items()}
