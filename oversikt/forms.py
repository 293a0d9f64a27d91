from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from municipalities.models import County, Municipality


class MunicipalityChoiceForm(StyledForm):
    """Which municipality to show, among those the person may see (a GET form)."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="number",
        empty_label=None,
        error_messages={
            "required": _("Choose a municipality."),
            "invalid_choice": _("Choose a municipality from the list."),
        },
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = municipalities.order_by("name")


class PlacesChoiceForm(StyledForm):
    """A GET form: the county (for a national analyst) and the quarter to show."""

    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.none(),
        required=False,
        empty_label=_("All counties"),
        error_messages={"invalid_choice": _("Choose a county from the list.")},
    )
    quarter = forms.ChoiceField(
        label=_("Quarter"),
        required=False,
        error_messages={"invalid_choice": _("Choose a quarter from the list.")},
    )

    def __init__(
        self,
        *args: Any,
        counties: QuerySet[County] | None,
        quarters: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if counties is None:
            del self.fields["county"]
        else:
            field = self.fields["county"]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = counties
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)  # noqa: S101 - declared above
        quarter.choices = quarters


class ProgrammeForm(StyledForm):
    title = forms.CharField(label=_("Name of the programme"), max_length=200)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one municipality."),
            "invalid_choice": _("Choose municipalities from the list."),
        },
    )

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipalities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = Municipality.objects.filter(county=county).order_by("name")


class InProgrammeForm(StyledForm):
    """A form about one of a programme's municipalities (optional unless a field says so)."""

    municipality_label = _("Municipality")
    municipality_required = False

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = forms.ModelChoiceField(
            label=self.municipality_label,
            queryset=Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).order_by(
                "name"
            ),
            required=self.municipality_required,
            empty_label=None if self.municipality_required else _("The whole programme"),
            error_messages={
                "required": _("Choose the municipality."),
                "invalid_choice": _("Choose one of the programme's municipalities."),
            },
        )
        self.order_fields(["municipality"])


class GoalForm(InProgrammeForm):
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea)


class ActionForm(InProgrammeForm):
    municipality_required = True
    text = forms.CharField(label=_("What is to be done"), widget=forms.Textarea)
    owner_name = forms.CharField(
        label=_("Who answers for it"),
        max_length=200,
        help_text=_("A named person in the municipality, with their title."),
    )
    due_on = date_field(_("To be done by"))


class MeetingForm(StyledForm):
    held_on = date_field(_("Date of the meeting"))
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea,
        help_text=_("Names and roles, for example “Anne Aslaksen, kommunalsjef, Nesseby”."),
    )
    notes = forms.CharField(label=_("What was said and agreed"), widget=forms.Textarea)


class NoteForm(InProgrammeForm):
    municipality_label = _("About the municipality")
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("What was learnt"), widget=forms.Textarea)
    shared = forms.BooleanField(
        label=_("Share with every municipality of the county"),
        required=False,
        help_text=_("Their municipal leaders can then read the note."),
    )


class ActionDoneForm(StyledForm):
    action = forms.IntegerField(widget=forms.HiddenInput)
