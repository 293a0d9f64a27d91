"""Choosing units in a form when the municipality has hundreds of them (Oslo close to 900): the
list shows the units that matter and those found by name, not every one. Used by the consent
form and the grant form (`includes/unit_search.html` is the search above the list)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict

from units.models import Unit

# Above this many units to choose from, the list is cut to the suggested, ticked and found ones.
UNIT_LIST_MAX = 40
UNIT_SEARCH_MAX = 100
# The name of the search box above the list.
UNIT_SEARCH = "unit_search"


class UnitsFoundByName(forms.BaseForm):
    """For a form with a `units` field choosing among a queryset of units. After `limit_units`:
    `units_limited` (the list is cut), `unit_search` (the cleaned search text) and
    `units_found` (how many the search found, None when nothing was searched)."""

    units_limited: bool = False
    unit_search: str = ""
    units_found: int | None = None

    def limit_units(self, *, search: str, suggested: Iterable[uuid.UUID] = ()) -> None:
        """With more than `UNIT_LIST_MAX` units to choose from, list only the suggested ones,
        the ticked ones and up to `UNIT_LIST_MAX` found by `search` in the unit's or its
        organisation's name. Any unit of the field's queryset is still accepted when sent:
        this only shortens the list shown."""
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - a units field
        units: QuerySet[Unit] = field.queryset  # type: ignore[assignment]
        if units.count() <= UNIT_LIST_MAX:
            return
        ticked = (
            self.data.getlist("units")
            if isinstance(self.data, QueryDict)
            else self.initial.get("units", [])
        )
        ids = set(suggested)
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
