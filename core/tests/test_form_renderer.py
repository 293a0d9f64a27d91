"""The project's form renderer writes the same HTML as Django's for every choice widget."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from core.form_renderer import FormRenderer

CHOICES: list[Any] = [
    ("", "—"),
    ("a", "Alfa & <b>"),
    (1, "Én"),
    ("Gruppe", [("g1", "Første"), ("g2", "Andre")]),
    (None, "Ingen"),
]


class CustomOption(forms.RadioSelect):
    option_template_name = "django/forms/widgets/input.html"


class Example(forms.Form):
    select = forms.ChoiceField(choices=CHOICES, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "ds-input", "disabled": True})
    )
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"})
    )
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    unlabelled = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"id": ""}))
    custom = forms.ChoiceField(choices=CHOICES, widget=CustomOption)
    yes_no = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"select": "a", "styled": "1", "many": ["a", "g2"], "boxes": ["1", "g1"], "radios": "g2"},
        {"select": "x\x00", "boxes": ["nope"], "radios": "", "yes_no": "true"},
    ],
)
def test_choice_widgets_render_as_django_renders_them(data: dict[str, Any] | None) -> None:
    ours, django = FormRenderer(), DjangoTemplates()
    for name in Example.base_fields:
        expected = Example(data, renderer=django)[name].as_widget()
        assert Example(data, renderer=ours)[name].as_widget() == expected, name
        assert f'name="{name}"' in expected


def test_the_project_uses_it() -> None:
    assert isinstance(get_default_renderer(), FormRenderer)
    html = str(Example()["boxes"])
    assert html == Example(renderer=DjangoTemplates())["boxes"].as_widget()
    assert html.count('type="checkbox"') == 6
