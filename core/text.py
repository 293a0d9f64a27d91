"""One normaliser for every text that comes in: pages (core.forms), the JSON API
(core.api.fields), the HSDS import and the HSDS API's query parameters.

Every text is put in Unicode NFC, so that "ø" typed on a Mac and on Windows is the same text for
search, duplicate checks and the PDF. Then it is checked:

- NUL is refused everywhere (PostgreSQL cannot store it, and it has no meaning in a text);
- bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused everywhere:
  an unterminated one reverses whatever is printed after it (the next column of a list, the
  rest of a line in a PDF);
- other control and format characters are refused, except the zero-width joiner and non-joiner
  (U+200D, U+200C: part of the correct spelling of names in Persian, Urdu and Indic scripts, and
  of emoji), the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C:
  they only settle the direction of neighbouring punctuation and cannot reverse a word or
  spill over into the next column) and the soft hyphen (U+00AD);
- single-line texts (names, titles, places, search words) take no line break and no tab;
  multi-line texts keep line breaks (\\r\\n, \\r, U+2028 and U+2029 become \\n) and tabs.

The length caps are the same on pages and in the API: `NAME_MAX`, `LINE_MAX` and `TEXT_MAX` are
the defaults where a field does not set its own.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

NAME_MAX = 200
"""A person's name, a relation, a place."""
LINE_MAX = 300
"""Any other single-line text without a cap of its own (titles, purposes)."""
TEXT_MAX = 20_000
"""A long, multi-line text: what was observed, minutes, a consent's words."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters (Unicode category Cf) that real text needs; see the module docstring.
ALLOWED_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c\u00ad")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_MULTILINE_CONTROLS = frozenset("\n\t")


def text_normalise(value: str) -> str:
    """NFC, and one kind of line break (\\n), which `text_error` then refuses in a single-line
    text. Refuses nothing itself: see `text_error` and `text_clean`."""
    return unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", value))


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_error(value: str, *, multiline: bool) -> ValidationError | None:
    """Why `value` (already normalised) cannot be stored as it is, or None when it can. The
    first problem only, in words a user can act on."""
    if "\x00" in value:
        return ValidationError(
            _("The text contains an invalid character (NUL). Remove it and try again."),
            code="nul",
        )
    for char in value:
        if char in _BIDI_CONTROLS:
            return ValidationError(
                _(
                    "The text contains an invisible character that changes the direction of "
                    "the text (%(code)s). Remove it and try again."
                )
                % {"code": _code_point(char)},
                code="bidi_control",
            )
        if char == "\n" and not multiline:
            return ValidationError(_("Write this on one line, without line breaks."), code="line")
        category = unicodedata.category(char)
        if category == "Cs":
            return ValidationError(_("The text is not valid Unicode."), code="unicode")
        if category == "Cc" and not (multiline and char in _MULTILINE_CONTROLS):
            return ValidationError(
                _("The text contains an invisible control character (%(code)s). Remove it.")
                % {"code": _code_point(char)},
                code="control",
            )
        if category == "Cf" and char not in ALLOWED_FORMAT:
            return ValidationError(
                _("The text contains an invisible formatting character (%(code)s). Remove it.")
                % {"code": _code_point(char)},
                code="format",
            )
    return None


def text_clean(value: str, *, multiline: bool, max_length: int | None = None) -> str:
    """The normalised text; raises ValidationError when it has a character it must not have or
    is longer than `max_length` (counted after normalisation)."""
    value = text_normalise(value)
    error = text_error(value, multiline=multiline)
    if error is not None:
        raise error
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            _("Write at most %(limit)d characters (this has %(count)d).")
            % {"limit": max_length, "count": len(value)},
            code="max_length",
        )
    return value


@deconstructible
class TextValidator:
    """A validator for a form field: refuses what `text_error` refuses."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str):
            error = text_error(value, multiline=self.multiline)
            if error is not None:
                raise error

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((TextValidator, self.multiline))
