from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from grants.models import GrantStatus, Owner, Scheme
from units.forms import UNIT_SEARCH, UnitsFoundByName
from units.models import Unit

# The button that sends the form back unsaved to find units by name.
FIND_ACTION = "find"


class CatalogueFilterForm(StyledForm):
    """A GET form: the directorate to show."""

    owner = forms.ChoiceField(
        label=_("Directorate"),
        required=False,
        choices=[("", _("All directorates")), *Owner.choices],
        error_messages={"invalid_choice": _("Choose a directorate from the list.")},
    )


class GrantForm(UnitsFoundByName, StyledForm):
    """An application or a grant to record in the municipality's programme."""

    scheme = forms.ModelChoiceField(
        label=_("Scheme"),
        queryset=Scheme.objects.order_by("name"),
        to_field_name="key",
        error_messages={
            "required": _("Choose the scheme."),
            "invalid_choice": _("Choose a scheme from the list."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=GrantStatus.choices,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    amount_applied = forms.IntegerField(
        label=_("Amount applied for (kroner)"),
        error_messages={
            "required": _("Give the amount in whole kroner."),
            "invalid": _("Give the amount in whole kroner, digits only."),
        },
    )
    amount_granted = forms.IntegerField(
        label=_("Amount granted (kroner)"),
        required=False,
        help_text=_("Only when granted."),
        error_messages={"invalid": _("Give the amount in whole kroner, digits only.")},
    )
    period_start = date_field(_("From"))
    period_end = date_field(_("Until"))
    measures = forms.CharField(
        label=_("Measures financed"),
        widget=forms.Textarea,
        help_text=_("One measure a line."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units involved"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose units from the list.")},
    )
    report_due_on = date_field(_("Report due"), required=False)
    interim_report_on = date_field(_("Interim report due"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = units.order_by("name")

    @staticmethod
    def initial_from(data: QueryDict) -> dict[str, Any]:
        """What was sent, as the initial values of a fresh form (finding units, unsaved)."""
        skip = {"csrfmiddlewaretoken", "kommune", "action", UNIT_SEARCH}
        return {
            name: data.getlist(name) if name == "units" else data.get(name, "")
            for name in data
            if name not in skip
        }
