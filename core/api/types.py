"""The field types of /api/v1/'s Pydantic schemas (django-ninja). Each type checks a value the
way `core.api.fields` does (strictly: `1.0` is no integer, `true` no 1, a date is YYYY-MM-DD in
1900–2199, a text is normalised and refused with NUL or other invisible characters) with the
same messages in the reader's language, and carries the JSON Schema that says exactly that, so
the generated OpenAPI document describes what the server checks.

A body schema derives from `Body` (unknown fields refused: `additionalProperties: false`); a
query schema from `QuerySchema`; a field is declared once, as `text(120)`, `integer(1, 10)`,
`choice([...])`, and so on."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from core.api import fields as f
from core.text import TEXT_MAX as TEXT_MAX

ERROR_TYPE = "laget"
"""The type of the errors these types raise: their message is the one to show."""


def _refuse(message: str) -> PydanticCustomError:
    # The message is no template: braces in it must stay as they are.
    return PydanticCustomError(ERROR_TYPE, message.replace("{", "{{").replace("}", "}}"))


def api_type(field: f.Field, *, python: Any, query: bool = False) -> Any:
    """The Pydantic type of a declared field: checked and described by `core.api.fields`."""

    def check(value: Any) -> Any:
        if value is None:
            if field.nullable:
                return None
            raise _refuse(_("This field cannot be null."))
        if query:
            parsed, message = f.query_value(field, value)
        else:
            parsed, message = f.scalar_value(field, value)
        if not message and field.nonblank and not parsed.strip():
            message = _("This field is required.")
        if not message and parsed != "":
            message = f.validators_message(field, parsed)
        if message:
            raise _refuse(message)
        return parsed

    schema = f.field_schema(field)
    schema.pop("default", None)  # the schema's field says its default
    return Annotated[python, PlainValidator(check), WithJsonSchema(schema)]


def text(
    max_length: int,
    *,
    required: bool = True,
    multiline: bool | None = None,
    description: str = "",
    validators: tuple[Callable[[Any], None], ...] = (),
    query: bool = False,
) -> Any:
    """A text of at most `max_length` characters (after normalisation, `core.text`). Required:
    not empty or only spaces. Optional: "" when left out (give the default in the schema)."""
    declared = f.text_field(
        max_length,
        required=required,
        multiline=multiline,
        description=description,
        validators=validators,
    )
    return api_type(
        dataclasses.replace(declared, nonblank=required),
        python=str,
        query=query,
    )


def integer(minimum: int, maximum: int, *, description: str = "", query: bool = False) -> Any:
    return api_type(f.int_field(minimum, maximum, description=description), python=int, query=query)


def boolean(*, description: str = "") -> Any:
    return api_type(f.bool_field(description=description), python=bool)


def day(*, nullable: bool = False, description: str = "") -> Any:
    python = datetime.date | None if nullable else datetime.date
    return api_type(f.date_field(nullable=nullable, description=description), python=python)


def moment(*, description: str = "") -> Any:
    return api_type(f.datetime_field(description=description), python=datetime.datetime)


def identifier(*, nullable: bool = False, description: str = "") -> Any:
    python = uuid.UUID | None if nullable else uuid.UUID
    return api_type(f.uuid_field(nullable=nullable, description=description), python=python)


def choice(values: Sequence[Any], *, description: str = "", query: bool = False) -> Any:
    python = type(values[0]) if values else str
    return api_type(f.choice_field(values, description=description), python=python, query=query)


class Body(Schema):
    """A request body: every field it has, no other (`additionalProperties: false`)."""

    model_config = ConfigDict(extra="forbid")
    EXAMPLE: ClassVar[dict[str, Any]] = {}
    """A body as the OpenAPI document shows it."""


class QuerySchema(Schema):
    """Query parameters; unknown ones are refused before the operation runs (core.api.app)."""


# --- what the answers are made of -----------------------------------------------------------


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat()


LocalDateTime = Annotated[
    datetime.datetime,
    PlainSerializer(_local, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A time in an answer: ISO 8601 in Norwegian time with its offset."""


class Answer(Schema):
    """An answer's object: exactly these properties, all of them always present."""

    # Closed in the document; not `extra="forbid"`, which would make ninja validate the
    # object before its resolvers run. The answer is written from these fields only.
    model_config = ConfigDict(
        json_schema_extra={"additionalProperties": False},
        json_schema_serialization_defaults_required=True,
    )
    EXAMPLE: ClassVar[dict[str, Any]] = {}
    """An answer as the OpenAPI document shows it (on every operation that gives one)."""


class PageQuery(QuerySchema):
    page: integer(1, f.MAX_PAGE, description="Page number, from 1.", query=True) = 1  # type: ignore[valid-type]
    per_page: integer(  # type: ignore[valid-type]
        1, f.MAX_PER_PAGE, description="Items per page.", query=True
    ) = f.DEFAULT_PER_PAGE
