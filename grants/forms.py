from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from grants.models import GrantStatus, Owner, Scheme
from units.models import Unit

# Above this many units in the municipality (Oslo has close to 900), the form lists the ticked
# units and those found by name, not every one, as the consent form does.
UNIT_LIST_MAX = 40
UNIT_SEARCH_MAX = 100
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


class GrantForm(StyledForm):
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
        # Set by `limit_units` when the list is cut: the search text and how many it found.
        self.units_limited = False
        self.unit_search = ""
        self.units_found: int | None = None

    def limit_units(self, *, search: str) -> None:
        """With more than `UNIT_LIST_MAX` units to choose from, list only the ticked ones and
        up to `UNIT_LIST_MAX` found by `search` in the unit's or its organisation's name. Any
        unit of the municipality is still accepted when sent: this only shortens the list."""
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        units = cast("QuerySet[Unit]", field.queryset)
        if units.count() <= UNIT_LIST_MAX:
            return
        ticked = (
            self.data.getlist("units")
            if isinstance(self.data, QueryDict)
            else self.initial.get("units", [])
        )
        ids: set[uuid.UUID] = set()
        for value in ticked or []:
            try:
                ids.add(uuid.UUID(str(getattr(value, "pk", value))))
            except ValueError:
                continue
        shown = list(units.filter(pk__in=ids)) if ids else []
        self.unit_search = search.replace("\x00", "").strip()[:UNIT_SEARCH_MAX]
        if self.unit_search:
            found = list(
                units.filter(
                    Q(name__icontains=self.unit_search)
                    | Q(organisation__name__icontains=self.unit_search)
                ).exclude(pk__in=ids)[:UNIT_LIST_MAX]
            )
            self.units_found = len(found)
            shown += found
        shown.sort(key=lambda unit: unit.name)
        field.widget.choices = [(unit.pk, field.label_from_instance(unit)) for unit in shown]
        self.units_limited = True

    @staticmethod
    def initial_from(data: QueryDict) -> dict[str, Any]:
        """What was sent, as the initial values of a fresh form (finding units, unsaved)."""
        skip = {"csrfmiddlewaretoken", "kommune", "action", "unit_search"}
        return {
            name: data.getlist(name) if name == "units" else data.get(name, "")
            for name in data
            if name not in skip
        }
