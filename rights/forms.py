from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from municipalities.models import Municipality
from rights.models import ReviewKind, RuleReview
from rights.selectors import actions_for, review_rule_choices
from rights.table import Action, Domain, Evidence

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


class ReviewForm(StyledForm):
    """A rule editor's proposal: that a rule was reviewed against a source, or a correction."""

    rule_id = forms.ChoiceField(
        label=_("Rule"),
        choices=review_rule_choices,
        error_messages={
            "required": _("Choose the rule."),
            "invalid_choice": _("Choose a rule from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you propose.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_(
            "The address you read, for example https://lovdata.no/…; for a correction, every "
            "source it rests on."
        ),
        error_messages={"required": _("Write the source you read.")},
    )
    read_on = date_field(
        _("Date read"), required=False, help_text=_("When you read the source, as 04.12.2026.")
    )
    evidence = forms.ChoiceField(
        label=_("Strength of the evidence"),
        choices=[("", "–"), *Evidence.choices],
        required=False,
    )
    proposed_text = forms.CharField(
        label=_("Proposed wording or section"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Only for a correction: what the rule should say, or the section it should cite."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        kind = cleaned.get("kind")
        source = cleaned.get("source") or ""
        if kind == ReviewKind.REVIEWED and source and not source.startswith("https://"):
            self.add_error("source", _("Write the address you read, starting with https://."))
        # What each kind needs is the model's rule (`RuleReview.clean`), said on the fields.
        try:
            RuleReview(
                kind=kind or "",
                read_on=cleaned.get("read_on"),
                evidence=cleaned.get("evidence") or "",
                proposed_text=cleaned.get("proposed_text") or "",
            ).clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class DecisionForm(StyledForm):
    """Approve or reject: an optional reason."""

    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)
