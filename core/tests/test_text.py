"""The one text normaliser (core.text) and the form mixin that applies it on every page."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from core.forms import CleanTextForm, StyledForm, with_clean_text
from core.text import LINE_MAX, TEXT_MAX, text_clean


@pytest.mark.parametrize(
    ("value", "multiline", "code"),
    [
        ("Ola\x00", True, "nul"),
        ("Ola\x00", False, "nul"),
        ("Ola \u202eNysen", False, "bidi_control"),
        ("Ola \u202eNysen", True, "bidi_control"),
        ("Ola \u2067Nysen", False, "bidi_control"),
        ("Ola\nNysen", False, "line"),
        ("Ola\r\nNysen", False, "line"),
        ("Ola\u2028Nysen", False, "line"),
        ("Ola\tNysen", False, "control"),
        ("Ola\x07", True, "control"),
        ("Ola\x0b", True, "control"),
        ("\ufeffOla", False, "format"),
        ("Ola\ud800", False, "unicode"),
    ],
)
def test_what_no_text_may_hold_is_refused_with_its_reason(value, multiline, code):
    with pytest.raises(ValidationError) as error:
        text_clean(value, multiline=multiline)
    assert error.value.code == code


def test_texts_are_nfc_and_multi_line_texts_have_one_kind_of_line_break():
    assert text_clean("Ane\u0301", multiline=False) == "An\u00e9"
    assert text_clean("a\r\nb\rc\u2029d\te", multiline=True) == "a\nb\nc\nd\te"


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u0631\u0627",  # Persian with a zero-width non-joiner
        "\u0915\u094d\u200d\u0937",  # Devanagari with a zero-width joiner
        "\u05e9\u05e8\u05d4 (Sara)\u200f",  # a right-to-left mark only settles punctuation
        "Åse Øvrebø-Ærø",
    ],
)
def test_real_names_pass_unchanged(name):
    assert text_clean(name, multiline=False) == name


def test_length_is_counted_after_normalisation():
    assert text_clean("e\u0301" * 3, multiline=False, max_length=3) == "\u00e9" * 3
    with pytest.raises(ValidationError):
        text_clean("x" * 4, multiline=False, max_length=3)


class NoteForm(StyledForm):
    name = forms.CharField(max_length=120)
    title = forms.CharField(required=False)
    text = forms.CharField(widget=forms.Textarea)
    password = forms.CharField(widget=forms.PasswordInput, required=False)


def test_a_form_refuses_a_bidi_override_and_a_line_break_in_a_single_line_field():
    form = NoteForm({"name": "Ola\u202eNysen", "title": "a\nb", "text": "ok"})
    assert not form.is_valid()
    assert "(U+202E)" in form.errors["name"][0]
    assert [error.code for error in form.errors.as_data()["title"]] == ["line"]


def test_a_form_says_nul_once_also_from_a_query_string():
    form = NoteForm(QueryDict("name=Ola%00&text=ok"))
    assert not form.is_valid()
    assert len(form.errors["name"]) == 1
    assert "(NUL)" in form.errors["name"][0]


def test_a_form_caps_fields_without_their_own_length_as_the_api_does():
    form = NoteForm({"name": "Ola", "title": "t" * (LINE_MAX + 1), "text": "x" * (TEXT_MAX + 1)})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "text"}
    assert form.fields["text"].widget.attrs["maxlength"] == str(TEXT_MAX)


def test_a_form_normalises_before_cleaning_and_leaves_passwords_alone():
    form = NoteForm({"name": "Ane\u0301", "text": "a\r\nb\tc", "password": "e\u0301"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "An\u00e9"
    assert form.cleaned_data["text"] == "a\nb\tc"
    assert form.cleaned_data["password"] == "e\u0301"


def test_fields_added_after_init_are_checked_too():
    class Later(CleanTextForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField(max_length=50)

    form = Later({"late": "a\u202eb"})
    assert not form.is_valid()
    assert "late" in form.errors


def test_with_clean_text_puts_the_normaliser_in_front_of_any_form():
    class Plain(forms.Form):
        name = forms.CharField(max_length=50)

    form = with_clean_text(Plain)({"name": "a\u202eb"})
    assert not form.is_valid()
    assert "(U+202E)" in form.errors["name"][0]
    assert with_clean_text(NoteForm) is NoteForm
