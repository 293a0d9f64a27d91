from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from children.models import validate_identity_number
from concerns.models import Level
from core.forms import StyledForm, date_field
from core.validators import validate_phone_number
from people.models import User
from units.models import Unit

START_LEVELS = [(Level.WONDERING, Level.WONDERING.label), (Level.OWN_UNIT, Level.OWN_UNIT.label)]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name()


class ConcernRaiseForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Your unit"), queryset=Unit.objects.none())
    given_name = forms.CharField(label=_("Child's given name"), max_length=120)
    family_name = forms.CharField(label=_("Child's family name"), max_length=120)
    birth_date = date_field(_("Birth date"))
    identity_number = forms.CharField(
        label=_("National identity number (optional)"),
        required=False,
        max_length=11,
        validators=[validate_identity_number],
        help_text=_("Fødselsnummer or D-number, 11 digits. Keeps one record per child."),
    )
    languages = forms.CharField(label=_("Languages the child speaks"), required=False)
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=200)
    guardian_relation = forms.CharField(label=_("Relation to the child"), required=False)
    guardian_responsibility = forms.BooleanField(
        label=_("The guardian has parental responsibility"), required=False
    )
    guardian_phone = forms.CharField(label=_("Guardian's phone"), required=False, max_length=32)
    observed = forms.CharField(label=_("What have you observed?"), widget=forms.Textarea)
    child_view = forms.CharField(
        label=_("What does the child say?"), widget=forms.Textarea, required=False
    )
    guardians_view = forms.CharField(
        label=_("What do the guardians say?"), widget=forms.Textarea, required=False
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=START_LEVELS, coerce=int, widget=forms.RadioSelect
    )
    # Shown as a checkbox only after the duplicate check asked (see `ask_about_duplicate`).
    not_a_duplicate = forms.BooleanField(
        label=_("This is another child with the same name and birth date"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def ask_about_duplicate(self) -> None:
        self.fields["not_a_duplicate"].widget = forms.CheckboxInput(attrs={"class": "ds-input"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("guardian_name") and not data.get("guardian_relation"):
            self.add_error("guardian_relation", _("Say how the guardian is related to the child."))
        if data.get("guardian_phone"):
            try:
                validate_phone_number(data["guardian_phone"])
            except forms.ValidationError as error:
                self.add_error("guardian_phone", error)
        return data


class ConcernEditForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    observed = forms.CharField(label=_("What have you observed?"), widget=forms.Textarea)
    child_view = forms.CharField(
        label=_("What does the child say?"), widget=forms.Textarea, required=False
    )
    guardians_view = forms.CharField(
        label=_("What do the guardians say?"), widget=forms.Textarea, required=False
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    responsible = UserChoiceField(
        label=_("Responsible (stafettholder)"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = colleagues  # type: ignore[attr-defined]


class ConcernCloseForm(StyledForm):
    reason = forms.CharField(label=_("Why is the concern closed?"), widget=forms.Textarea)


class WelfareReportForm(StyledForm):
    grounds = forms.CharField(
        label=_("What is the concern based on?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe what you have seen and heard, with dates. You report on your duty to "
            "report; consent is not needed and not asked for."
        ),
    )
    urgent = forms.BooleanField(label=_("Urgent: the child may be in danger"), required=False)
    guardians_informed = forms.BooleanField(
        label=_("The guardians have been told about the report"), required=False
    )


class WelfareReportReceiptForm(StyledForm):
    received_on = date_field(
        _("Receipt received on"), help_text=_("The day child welfare's receipt came.")
    )


class UnitMeasureForm(StyledForm):
    title = forms.CharField(label=_("What is done?"), max_length=300)
    description = forms.CharField(
        label=_("How, and how often"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = UserChoiceField(label=_("Who owns the measure?"), queryset=User.objects.none())
    starts_on = date_field(_("Starts"))
    evaluate_on = date_field(
        _("Evaluation date"), help_text=_("When you look at whether it helps, with the child.")
    )

    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues  # type: ignore[attr-defined]


class UnitMeasureEvaluateForm(StyledForm):
    text = forms.CharField(
        label=_("What came of the measure?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    child_view = forms.CharField(
        label=_("What does the child say?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    continues = forms.TypedChoiceField(
        label=_("Does the measure go on?"),
        choices=[("yes", _("Yes, evaluate it again")), ("no", _("No, it ends"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    next_evaluation = date_field(_("Next evaluation"), required=False)
