"""RFC 9457 problem details: every error both APIs answer with, /api/v1/ and the public HSDS
API (directory/api.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

PROBLEM_JSON = "application/problem+json"
# Problem types with extension members name the schema that describes them.
VALIDATION_PROBLEM = "/api/v1/openapi.json#/components/schemas/ValidationProblem"
CONFLICT_PROBLEM = "/api/v1/openapi.json#/components/schemas/ConflictProblem"


def _titles() -> dict[int, str]:
    # The HTTP status phrases, which RFC 9457 lets us translate for the reader.
    return {
        400: _("Bad Request"),
        401: _("Unauthorized"),
        403: _("Forbidden"),
        404: _("Not Found"),
        405: _("Method Not Allowed"),
        409: _("Conflict"),
        412: _("Precondition Failed"),
        413: _("Content Too Large"),
        415: _("Unsupported Media Type"),
        422: _("Unprocessable Content"),
        429: _("Too Many Requests"),
        503: _("Service Unavailable"),
    }


class ProblemError(Exception):
    """An answer as RFC 9457 problem details (`application/problem+json`)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type_: str = "about:blank",
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = int(status)
        self.detail = detail
        self.type = type_
        self.headers = dict(headers or {})
        self.extensions = extensions

    def body(self, *, public: bool = False) -> dict[str, Any]:
        phrase = HTTPStatus(self.status).phrase
        return {
            "type": self.type,
            "title": phrase if public else _titles().get(self.status, phrase),
            "status": self.status,
            "detail": self.detail,
            **self.extensions,
        }

    def response(self, *, public: bool = False) -> JsonResponse:
        """The answer of /api/v1/: the title in the reader's language, and kept by no cache.
        `public`: the answer of the public HSDS API, which speaks English and whose caller
        decides how long caches keep it."""
        response = json_response(
            self.body(public=public),
            status=self.status,
            content_type=PROBLEM_JSON,
            private=not public,
        )
        for name, value in self.headers.items():
            response[name] = value
        return response


def not_found() -> ProblemError:
    """The same answer for missing and forbidden, so an answer never tells what exists."""
    return ProblemError(404, _("There is nothing here, or you may not see it."))


def invalid(errors: Mapping[str, Sequence[str]], detail: str = "") -> ProblemError:
    return ProblemError(
        400,
        detail or _("Some of the input is not valid: see errors."),
        type_=VALIDATION_PROBLEM,
        errors={name: [str(message) for message in messages] for name, messages in errors.items()},
    )


def invalid_from(error: ValidationError, fields: Mapping[str, str] | None = None) -> ProblemError:
    """A service's ValidationError as field errors; `fields` renames the service's argument
    names to the body's field names where they differ."""
    names = fields or {}
    if hasattr(error, "error_dict"):
        errors = {names.get(key, key): list(value) for key, value in error.message_dict.items()}
        return invalid(errors)
    return invalid({"__all__": error.messages}, detail=" ".join(error.messages))


def json_response(
    data: Any, *, status: int = 200, content_type: str = "application/json", private: bool = True
) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        content_type=content_type,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
    )
    if private:
        # Answers hold personal data: no cache anywhere keeps them.
        response["Cache-Control"] = "no-store"
    return response
