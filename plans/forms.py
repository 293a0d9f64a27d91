from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from people.models import Membership
from plans.models import Goal, ItemStatus, MeasureKind
from teams.forms import MembershipChoiceField


class PlanForm(StyledForm):
    period_start = date_field(_("Plan period from"))
    period_end = date_field(_("Plan period until"))
    resources = forms.CharField(
        label=_("The child's resources"),
        widget=forms.Textarea,
        required=False,
        help_text=_("What works well, strengths, who the child trusts."),
    )
    is_individual_plan = forms.BooleanField(
        label=_("This is the child's individual plan (IP)"), required=False
    )


class GoalForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea,
        help_text=_("In the child's own words where the child can give them."),
    )
    in_childs_words = forms.BooleanField(
        label=_("These are the child's own words"), required=False, initial=True
    )
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, required=False)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return obj.text[:80]


class MeasureForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Measure"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=MeasureKind.choices,
        initial=MeasureKind.GENERAL,
        help_text=_(
            "An apprenticeship or training in a company (læreplass, opplæring i bedrift) is "
            "followed up by the county's fagopplæring or a training office."
        ),
    )
    goal = GoalChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)
    responsible = MembershipChoiceField(
        label=_("Responsible person and unit"), queryset=Membership.objects.none()
    )
    starts_on = date_field(_("Start"))
    ends_on = date_field(_("End"))
    evaluate_on = date_field(_("Evaluation date"))
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, required=False)

    def __init__(
        self, *args: Any, goals: QuerySet[Goal], memberships: QuerySet[Membership], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = memberships  # type: ignore[attr-defined]


class EvaluationForm(StyledForm):
    evaluated_on = date_field(_("Date"))
    result = forms.CharField(label=_("What did the evaluation find?"), widget=forms.Textarea)
    child_view = forms.CharField(
        label=_("What does the child say?"), widget=forms.Textarea, required=False
    )
    next_evaluation = date_field(_("Next evaluation date"), required=False)
