"""The fields of /api/v1/'s input: how each kind of value is checked strictly (wrong types and
impossible dates are field errors, in the reader's language) and its JSON Schema for the OpenAPI
document. The same declaration does both, so the document cannot drift from the checks;
`core.api.types` makes them the types of the Pydantic schemas django-ninja validates with."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# The caps live in core.text, the same for pages and API; TEXT_MAX is offered here too.
from core.text import ALLOWED_FORMAT, LINE_MAX, text_clean
from core.text import TEXT_MAX as TEXT_MAX

MAX_BODY_BYTES = 64 * 1024
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
ABSENT: Any = object()
"""The default of a field that is left out of the parsed data when the client leaves it out
(PATCH: what is not sent stays as it is)."""
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Field:
    """One field of a JSON body or one query parameter: how to check it and how the OpenAPI
    document describes it. `kind` is string, boolean, integer, date, datetime, uuid, choice,
    list or object."""

    kind: str
    description: str = ""
    required: bool = True
    nullable: bool = False
    default: Any = ABSENT
    max_length: int | None = None
    multiline: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Any, ...] = ()
    item: Field | None = None
    fields: Mapping[str, Field] | None = None
    validators: tuple[Callable[[Any], None], ...] = ()
    # A required text that must not be empty or only white space (the JSON Schema says so).
    nonblank: bool = False

    def optional(self) -> Field:
        """The same field for PATCH: may be left out, and then stays as it is."""
        return replace(self, required=False, default=ABSENT)


def text_field(
    max_length: int,
    *,
    required: bool = True,
    multiline: bool | None = None,
    description: str = "",
    validators: tuple[Callable[[Any], None], ...] = (),
) -> Field:
    """A text, normalised and checked by `core.text`. Unless `multiline` says otherwise, a text
    allowed to be longer than `LINE_MAX` is multi-line (keeps line breaks and tabs) and any
    other is single-line (a name, a title: no line break, no tab)."""
    return Field(
        "string",
        description,
        required=required,
        default=ABSENT if required else "",
        max_length=max_length,
        multiline=max_length > LINE_MAX if multiline is None else multiline,
        validators=validators,
    )


def bool_field(*, default: bool = False, description: str = "") -> Field:
    return Field("boolean", description, required=False, default=default)


def int_field(
    minimum: int,
    maximum: int,
    *,
    required: bool = True,
    default: Any = ABSENT,
    description: str = "",
) -> Field:
    return Field(
        "integer", description, required=required, default=default, minimum=minimum, maximum=maximum
    )


def date_field(*, required: bool = True, nullable: bool = False, description: str = "") -> Field:
    default = None if nullable and not required else ABSENT
    return Field("date", description, required=required, nullable=nullable, default=default)


def datetime_field(*, description: str = "") -> Field:
    return Field("datetime", description)


def uuid_field(*, required: bool = True, nullable: bool = False, description: str = "") -> Field:
    default = None if nullable and not required else ABSENT
    return Field("uuid", description, required=required, nullable=nullable, default=default)


def choice_field(
    values: Sequence[Any], *, required: bool = True, default: Any = ABSENT, description: str = ""
) -> Field:
    return Field("choice", description, required=required, default=default, choices=tuple(values))


def list_field(
    item: Field, *, max_items: int, required: bool = True, description: str = ""
) -> Field:
    return Field(
        "list",
        description,
        required=required,
        default=ABSENT if required else (),
        item=item,
        max_length=max_items,
    )


def object_field(fields: Mapping[str, Field], *, description: str = "") -> Field:
    return Field("object", description, fields=fields)


class InvalidFieldsError(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid input")
        self.errors = errors


def _name(key: str) -> str:
    """A client's key as it can be shown back: valid UTF-8 and not too long."""
    return key.encode("utf-8", errors="replace").decode("utf-8")[:100]


def _year_ok(value: date) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def _out_of_range() -> str:
    return _("Use a date from %(first)d to %(last)d.") % {
        "first": EARLIEST_YEAR,
        "last": LATEST_YEAR,
    }


def _string(field_: Field, value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, _("Write this as a string.")
    try:
        return text_clean(value, multiline=field_.multiline, max_length=field_.max_length), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


def _integer(field_: Field, value: Any) -> tuple[Any, str]:
    # A number without a fraction is an integer in JSON Schema (and so in the document): 3.0 is 3.
    # Refusing it would make the server stricter than any JSON Schema can say.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return None, _("Write this as a whole number.")
    low, high = field_.minimum, field_.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return None, _("Use a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return value, ""


def _date(field_: Field, value: Any) -> tuple[Any, str]:
    if not isinstance(value, str) or not _DATE.match(value):
        return None, _("Write the date as YYYY-MM-DD (ISO 8601).")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None, _("There is no such date.")
    return (parsed, "") if _year_ok(parsed) else (None, _out_of_range())


def _datetime(field_: Field, value: Any) -> tuple[Any, str]:
    message = _("Write the time as ISO 8601, e.g. 2026-03-01T09:30:00+01:00.")
    if not isinstance(value, str) or len(value) > 40:
        return None, message
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        return None, message
    if not _year_ok(parsed):
        return None, _out_of_range()
    # Without an offset the time is Norwegian time, as everywhere in Laget.
    return (parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)), ""


def _uuid(field_: Field, value: Any) -> tuple[Any, str]:
    if isinstance(value, str) and len(value) <= 45:
        try:
            return uuid.UUID(value), ""
        except ValueError:
            pass
    return None, _("Write this as a UUID.")


def _choice(field_: Field, value: Any) -> tuple[Any, str]:
    # type() and not ==: True must not pass for 1, nor 1 for True.
    if any(type(value) is type(option) and value == option for option in field_.choices):
        return value, ""
    return None, _("Choose one of: %(choices)s.") % {
        "choices": ", ".join(json.dumps(option) for option in field_.choices)
    }


def _boolean(field_: Field, value: Any) -> tuple[Any, str]:
    return (value, "") if isinstance(value, bool) else (None, _("Write this as true or false."))


_SCALARS: dict[str, Callable[[Field, Any], tuple[Any, str]]] = {
    "string": _string,
    "boolean": _boolean,
    "integer": _integer,
    "date": _date,
    "datetime": _datetime,
    "uuid": _uuid,
    "choice": _choice,
}


def scalar_value(field_: Field, value: Any) -> tuple[Any, str]:
    """A JSON value of a scalar field, checked: (the value, "") or (None, the message)."""
    return _SCALARS[field_.kind](field_, value)


def query_value(field_: Field, raw: Any) -> tuple[Any, str]:
    """A query parameter's value, checked: (the value, "") or (None, the message)."""
    if not isinstance(raw, str):
        return None, _("Give this parameter once.")
    return _query_value(field_, raw)


def validators_message(field_: Field, value: Any) -> str:
    """The message of the first of the field's own validators that refuses the value, or ""."""
    for validate in field_.validators:
        try:
            validate(value)
        except ValidationError as error:
            return " ".join(error.messages)
    return ""


def _query_value(field_: Field, raw: str) -> tuple[Any, str]:
    if field_.kind == "integer":
        limit = len(str(field_.maximum)) if field_.maximum is not None else 18
        if not (raw.isascii() and raw.isdigit() and len(raw) <= limit):
            return None, _("Write this as a whole number.")
        return _integer(field_, int(raw))
    if field_.kind == "choice":
        return _choice(field_, raw)
    return _string(field_, raw)


def _refused_characters(*, multiline: bool) -> str:
    """A regular expression character class of what `core.text.text_error` refuses: control
    characters (but line breaks and tabs in a multi-line text) and formatting characters but
    the few real text needs. The characters themselves, not escapes, so the pattern means the
    same in Python, ECMAScript and Rust. (A lone surrogate, refused too, is no Unicode text,
    so a JSON Schema pattern cannot name it.)"""
    refused = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (
            unicodedata.category(chr(code)) == "Cc"
            or (unicodedata.category(chr(code)) == "Cf" and chr(code) not in ALLOWED_FORMAT)
        )
        and not (multiline and chr(code) in "\n\t\r\x85")
    ]
    if not multiline:  # they become \n, which a single-line text refuses
        refused += [0x2028, 0x2029]
    ranges: list[list[int]] = []
    for code in sorted(refused):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(chr(low) if low == high else f"{chr(low)}-{chr(high)}" for low, high in ranges)


@cache
def _text_pattern(*, multiline: bool, nonblank: bool = False) -> str:
    # (?![\s\S]) and not $, which lets a trailing line break through in Python.
    refused = _refused_characters(multiline=multiline)
    if nonblank:
        # At least one character that is not white space (U+0085 is white space to Python).
        return f"^[^{refused}]*[^{refused}\\s\x85][^{refused}]*(?![\\s\\S])"
    return f"^[^{refused}]*(?![\\s\\S])"


# Dates and times of the years EARLIEST_YEAR to LATEST_YEAR (1900–2199).
_YEARS_PATTERN = "^(19|20|21)[0-9][0-9]-"


def field_schema(field_: Field) -> dict[str, Any]:
    """The JSON Schema of a field, for the OpenAPI document."""
    schema: dict[str, Any]
    if field_.kind == "object":
        schema = object_schema(field_.fields or {})
    elif field_.kind == "list":
        assert field_.item is not None  # noqa: S101
        schema = {"type": "array", "items": field_schema(field_.item)}
        if field_.max_length is not None:
            schema["maxItems"] = field_.max_length
    elif field_.kind == "choice":
        schema = {"enum": list(field_.choices)}
    elif field_.kind == "integer":
        schema = {"type": "integer", "minimum": field_.minimum, "maximum": field_.maximum}
    else:
        schema = {
            "string": {"type": "string"},
            "boolean": {"type": "boolean"},
            "date": {"type": "string", "format": "date"},
            "datetime": {"type": "string", "format": "date-time"},
            "uuid": {"type": "string", "format": "uuid"},
        }[field_.kind]
        if field_.max_length is not None:
            schema = {**schema, "maxLength": field_.max_length}
        if field_.kind == "string":
            pattern = _text_pattern(multiline=field_.multiline, nonblank=field_.nonblank)
            schema = {**schema, "pattern": pattern}
            if field_.nonblank:
                schema["minLength"] = 1
        elif field_.kind in ("date", "datetime"):
            schema = {**schema, "pattern": _YEARS_PATTERN}
        if field_.kind == "datetime":
            schema = {**schema, "maxLength": 40}
    if field_.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if field_.description:
        schema = {**schema, "description": field_.description}
    if field_.default is not ABSENT and field_.kind != "list":
        schema = {**schema, "default": field_.default}
    return schema


def object_schema(fields: Mapping[str, Field]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: field_schema(field_) for name, field_ in fields.items()},
    }
    required = [name for name, field_ in fields.items() if field_.required]
    if required:
        schema["required"] = required
    return schema


PAGE_QUERY: Mapping[str, Field] = {
    "page": int_field(1, MAX_PAGE, required=False, default=1, description="Page number, from 1."),
    "per_page": int_field(
        1, MAX_PER_PAGE, required=False, default=DEFAULT_PER_PAGE, description="Items per page."
    ),
}
