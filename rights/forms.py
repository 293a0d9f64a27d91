from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from rights.selectors import actions_for
from rights.table import Action, Domain

MAX_AGE = 30


def _municipality_field() -> forms.ModelChoiceField[Municipality]:
    return forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="number",
        empty_label=_("No municipality (national rules only)"),
        help_text=_("Choose a municipality to see where its local practice differs."),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
        widget=forms.Select(attrs={"class": "ds-input"}),
    )


class CheckForm(forms.Form):
    """Age, domain and action in; the engine's answer out. Works as a plain GET form."""

    age = forms.IntegerField(
        label=_("Age"),
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("In whole years, from 0 to 30."),
        error_messages={
            "required": _("Write the age."),
            "invalid": _("Write the age as a whole number, for example 15."),
            "min_value": _("The age must be between 0 and 30."),
            "max_value": _("The age must be between 0 and 30."),
        },
        widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
    )
    domain = forms.ChoiceField(
        label=_("Area"),
        choices=Domain.choices,
        error_messages={
            "required": _("Choose an area."),
            "invalid_choice": _("Choose an area from the list."),
        },
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    action = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Action.choices,
        error_messages={
            "required": _("Choose what it is about."),
            "invalid_choice": _("Choose what it is about from the list."),
        },
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    municipality = _municipality_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        domain, action = cleaned.get("domain"), cleaned.get("action")
        if domain and action and Action(action) not in actions_for(domain=domain):
            self.add_error(
                "action", _("The table has no rule for this in the chosen area. Choose another.")
            )
        return cleaned


class TableFilterForm(forms.Form):
    """Optional filters on the age-limit page."""

    domain = forms.ChoiceField(
        label=_("Area"),
        choices=[("", _("All areas")), *Domain.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose an area from the list.")},
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    municipality = _municipality_field()
