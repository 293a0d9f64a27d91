"""Form helpers shared by the pages: the text normaliser on every text field (`CleanTextMixin`)
and Designsystemet classes on every widget (`StyledForm`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.core import validators
from django.db import models
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from core.text import LINE_MAX, TEXT_MAX, TextValidator, text_normalise

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

F = TypeVar("F", bound=forms.BaseForm)
M = TypeVar("M", bound=models.Model)


def _is_text(field: forms.Field) -> bool:
    # A password is compared byte for byte with what was set, so it is never normalised.
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, forms.JSONField)
        and not isinstance(field.widget, forms.PasswordInput | forms.MultiWidget)
    )


class CleanTextMixin(forms.BaseForm):
    """Every text field of the form goes through `core.text`: NFC and one kind of line break
    before cleaning, and the same refusals (NUL, bidirectional overrides, control characters,
    line breaks in a single-line field) and caps as the API. A field with a Textarea is
    multi-line; any other is single-line. A field without a `max_length` gets `TEXT_MAX`
    (multi-line) or `LINE_MAX`. Every form on the pages and in the admin derives from this
    (through `StyledForm`, `CleanTextForm` or `CleanModelForm`); fields added after `__init__`
    are covered too, because cleaning sets them up again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._text_fields_prepare()

    def _text_fields_prepare(self) -> None:
        for field in self.fields.values():
            if not _is_text(field) or any(isinstance(v, TextValidator) for v in field.validators):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            assert isinstance(field, forms.CharField)  # noqa: S101 - _is_text says so
            # Ours names the NUL as the other refusals do; Django's would say it a second time.
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, validators.ProhibitNullCharactersValidator)
            ]
            field.validators.append(TextValidator(multiline=multiline))
            if field.max_length is None:
                field.max_length = TEXT_MAX if multiline else LINE_MAX
                field.validators.append(validators.MaxLengthValidator(field.max_length))
                field.widget.attrs.setdefault("maxlength", str(field.max_length))

    def full_clean(self) -> None:
        self._text_fields_prepare()
        if self.is_bound:
            self.data = self._text_data_normalised()
        super().full_clean()

    def _text_data_normalised(self) -> Mapping[str, Any]:
        # A QueryDict (whose copy is mutable) or a plain dict.
        data: MultiValueDict[str, Any] | dict[str, Any] = (
            self.data.copy() if isinstance(self.data, MultiValueDict) else dict(self.data)
        )
        for name, field in self.fields.items():
            if not _is_text(field):
                continue
            key = self.add_prefix(name)
            if isinstance(data, MultiValueDict):
                values = data.getlist(key)
                if values:
                    data.setlist(
                        key, [text_normalise(v) if isinstance(v, str) else v for v in values]
                    )
            elif isinstance(data.get(key), str):
                data[key] = text_normalise(data[key])
        if isinstance(self.data, QueryDict) and isinstance(data, QueryDict):
            data._mutable = False
        return data


def with_clean_text(form_class: type[F]) -> type[F]:
    """`form_class` with the text normaliser in front (the admin's forms, whatever they
    derive from: Django's user forms too)."""
    if issubclass(form_class, CleanTextMixin):
        return form_class
    return type(form_class.__name__, (CleanTextMixin, form_class), {})


class CleanTextForm(CleanTextMixin, forms.Form):
    """A plain form with the text normaliser (pages that style their widgets themselves)."""


if TYPE_CHECKING:
    _ModelForm = forms.ModelForm
else:

    class _ModelForm(forms.ModelForm, Generic[M]):
        """`forms.ModelForm`, which django-stubs make generic in its model, so that
        `CleanModelForm[Service]` works at run time as well."""


class CleanModelForm(CleanTextMixin, _ModelForm[M]):
    """A model form with the text normaliser (the admin adds it with `with_clean_text`)."""


class StyledForm(CleanTextForm):
    """A form whose inputs carry Designsystemet's classes, so templates render every field with
    `includes/form_fields.html`, and whose texts are normalised (CleanTextMixin)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if isinstance(widget, forms.DateTimeInput):
                widget.input_type = "datetime-local"
                widget.format = "%Y-%m-%dT%H:%M"
            if not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "ds-input")


def date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
