from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from transitions.models import TransitionKind
from units.models import Unit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class TransitionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Transition"), choices=TransitionKind.choices)
    to_unit = UnitChoiceField(
        label=_("Receiving unit"),
        queryset=Unit.objects.none(),
        help_text=_("A consent in force must cover the receiving unit."),
        error_messages={
            "invalid_choice": _(
                "Choose a unit of an organisation that serves the child's municipality."
            )
        },
    )
    starts_on = date_field(
        label=_("Date of the transition"), help_text=_("For a new school: the first school day.")
    )
    note = forms.CharField(label=_("What the receiving unit should know"), widget=forms.Textarea)
    young_person_words = forms.CharField(
        label=_("The young person's own words on what they need"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Write it as they said it."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]


class TransitionAnswerForm(StyledForm):
    note = forms.CharField(label=_("Answer (optional)"), widget=forms.Textarea, required=False)
