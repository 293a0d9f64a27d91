"""The portal's forms: few fields, plain labels, errors on the field they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from portal.models import HealthChoice
from portal.services import INPUT_MAX_LENGTH


class MeetingInputForm(StyledForm):
    text = forms.CharField(
        label=_("What do you want to say before the meeting?"),
        help_text=_(
            "For example what is going well, what is hard, or what you want to talk about."
        ),
        widget=forms.Textarea,
        max_length=INPUT_MAX_LENGTH,
    )

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prefix_id:
            self.auto_id = f"id_{prefix_id}_%s"


class ConsentGiveForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Yes, I agree to this"),
        error_messages={"required": _("Tick the box if you agree. If not, just leave the page.")},
    )


class ConsentWithdrawForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("Yes, stop it now"),
        error_messages={"required": _("Tick the box to confirm. If not, just leave the page.")},
    )


class HealthChoiceForm(StyledForm):
    choice = forms.ChoiceField(
        label=_("What do you want?"),
        choices=HealthChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )


class CorrectionForm(StyledForm):
    team = forms.ChoiceField(label=_("Which team is it about?"))
    what = forms.CharField(
        label=_("What is wrong?"),
        help_text=_("Say where it is, for example “the plan” or “the meeting on 3 March”."),
        widget=forms.Textarea,
        max_length=INPUT_MAX_LENGTH,
    )
    should_say = forms.CharField(
        label=_("What should it say instead? (optional)"),
        widget=forms.Textarea,
        max_length=INPUT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        team_field.choices = teams  # type: ignore[attr-defined]
        if len(teams) == 1:
            team_field.initial = teams[0][0]
            team_field.widget = forms.HiddenInput()
