from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from children.models import Guardian
from concerns.forms import UserChoiceField
from concerns.models import TEAM_LEVELS, Level
from consents.forms import ConsentForm
from core.forms import StyledForm, date_field
from people.models import Membership, User
from rights.table import Domain
from teamlog.models import LogKind
from teams.models import DUTY_FACTS_NOTE_MAX, TeamMember, Transition
from teams.services import Invitees
from units.models import Unit


class TeamOpenForm(ConsentForm):
    """Moving a concern to level 2 or 3: the consent that allows it, and the level."""

    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[(level, Level(level).label) for level in TEAM_LEVELS],
        coerce=int,
        widget=forms.RadioSelect,
        initial=Level.COLLABORATION,
    )
    field_order = ["level"]


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.display_name()} – {obj.unit}"


class InviteForm(StyledForm):
    membership = MembershipChoiceField(
        label=_("Person and unit"), queryset=Membership.objects.none()
    )

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} – {obj.get_sector_display()}"


class UnitInviteForm(StyledForm):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        help_text=_("Its leader or anyone on its staff can accept for the unit."),
    )
    note = forms.CharField(
        label=_("What the unit should know (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Do not write the child's name or details here: everyone in the unit sees it."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class LogNoteForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(LogKind.NOTE, LogKind.NOTE.label), (LogKind.DECISION, LogKind.DECISION.label)],
    )
    text = forms.CharField(label=_("What happened?"), widget=forms.Textarea)


MEETING_DOMAINS = [(domain.value, domain.label) for domain in Domain if domain != Domain.DIGITAL]


class InviteesForm(StyledForm):
    """Whom to invite: active team members, the child, the guardians; and whether to e-mail."""

    participants = forms.MultipleChoiceField(
        label=_("Who is invited?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Members and guardians with an e-mail address get the invitation by e-mail, with a "
            "calendar entry. The e-mail names no child. Tell the child yourself or through the "
            "guardians."
        ),
    )
    send_invitations = forms.BooleanField(
        label=_("Send the invitations by e-mail"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        members: list[User],
        guardians: list[Guardian],
        child_name: str,
        already: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._members = {f"member:{user.pk}": user for user in members}
        self._guardians = {f"guardian:{guardian.pk}": guardian for guardian in guardians}
        choices = [(key, user.display_name()) for key, user in self._members.items()]
        choices.append(("child", _("%(name)s (the child)") % {"name": child_name}))
        choices += [
            (key, f"{guardian.name} ({guardian.relation})")
            for key, guardian in self._guardians.items()
        ]
        # Those already invited are not offered again.
        self.fields["participants"].choices = [c for c in choices if c[0] not in already]  # type: ignore[attr-defined]

    def invitees(self) -> Invitees:
        chosen = set(self.cleaned_data.get("participants") or [])
        return Invitees(
            members=[user for key, user in self._members.items() if key in chosen],
            child="child" in chosen,
            guardians=[guardian for key, guardian in self._guardians.items() if key in chosen],
        )


class MeetingForm(InviteesForm):
    starts_at = forms.DateTimeField(
        label=_("Time"),
        widget=forms.DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea)
    domain = forms.ChoiceField(
        label=_("What is the meeting mainly about?"),
        choices=MEETING_DOMAINS,
        help_text=_(
            "Decides which rule on hearing the child the meeting page shows. Preset to the "
            "area of the unit that started the team."
        ),
    )
    field_order = ["starts_at", "place", "agenda", "domain", "participants", "send_invitations"]


class MeetingInputForm(StyledForm):
    child_input = forms.CharField(
        label=_("What the child wants to say"), widget=forms.Textarea, required=False
    )
    guardians_input = forms.CharField(
        label=_("What the guardians want to say"), widget=forms.Textarea, required=False
    )


DECISION_ROWS = 3


class MinutesForm(StyledForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, DECISION_ROWS + 1):
            self.fields[f"decision_{row}"] = forms.CharField(
                label=_("Decision %(n)s: what is to be done") % {"n": row},
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "ds-input"}),
            )
            self.fields[f"owner_{row}"] = UserChoiceField(
                label=_("Decision %(n)s: who does it") % {"n": row},
                queryset=members,
                required=False,
                widget=forms.Select(attrs={"class": "ds-input"}),
            )
            self.fields[f"due_{row}"] = forms.DateField(
                label=_("Decision %(n)s: by when") % {"n": row},
                required=False,
                widget=forms.DateInput(attrs={"class": "ds-input", "type": "date"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, DECISION_ROWS + 1):
            title, owner, due = (
                data.get(f"decision_{row}"),
                data.get(f"owner_{row}"),
                data.get(f"due_{row}"),
            )
            if title and not owner:
                self.add_error(f"owner_{row}", _("Choose who does it."))
            if title and not due:
                self.add_error(f"due_{row}", _("Choose a date."))
        return data

    def decisions(self) -> list[tuple[str, User, Any]]:
        return [
            (
                self.cleaned_data[f"decision_{row}"],
                self.cleaned_data[f"owner_{row}"],
                self.cleaned_data[f"due_{row}"],
            )
            for row in range(1, DECISION_ROWS + 1)
            if self.cleaned_data.get(f"decision_{row}")
        ]


class TaskForm(StyledForm):
    title = forms.CharField(label=_("What is to be done?"), max_length=300)
    owner = UserChoiceField(label=_("Who does it?"), queryset=User.objects.none())
    due_on = date_field(_("By when?"))

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class TaskOwnerForm(StyledForm):
    owner = UserChoiceField(label=_("Who does it now?"), queryset=User.objects.none())

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class HandoverForm(StyledForm):
    membership = MembershipChoiceField(
        label=_("New coordinator and unit"), queryset=Membership.objects.none()
    )
    transition = forms.ChoiceField(label=_("Transition"), choices=Transition.choices)
    note = forms.CharField(label=_("What the receiver should know"), widget=forms.Textarea)

    def __init__(self, *args: Any, memberships: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class HandoverAnswerForm(StyledForm):
    note = forms.CharField(label=_("Answer (optional)"), widget=forms.Textarea, required=False)


class TeamCloseForm(StyledForm):
    reason = forms.CharField(label=_("Why is the team closed?"), widget=forms.Textarea)
    final_evaluation = forms.CharField(
        label=_("Final evaluation"),
        widget=forms.Textarea,
        help_text=_("What was achieved, and the child's own view of it."),
    )


class InvitationAnswerForm(StyledForm):
    pass


class GuardianForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.CharField(
        label=_("Relation to the child"), max_length=60, help_text=_("E.g. mother, father.")
    )
    has_parental_responsibility = forms.BooleanField(
        label=_("Has parental responsibility"), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    identity_number = forms.CharField(
        label=_("National identity number (optional)"), max_length=11, required=False
    )


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj.user.display_name()} ({obj.unit.name})"


class CoordinatorChooseForm(StyledForm):
    """The unit leader's choice of a new coordinator among the team's members."""

    member = TeamMemberChoiceField(
        label=_("New coordinator"),
        queryset=TeamMember.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args: Any, candidates: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]


class DutyFactsForm(StyledForm):
    """The facts behind the legal duties that the team cannot know from its members."""

    long_term_needs = forms.BooleanField(
        label=_("The child needs long-term and coordinated services"),
        help_text=_("Help from several services over a long time, that must fit together."),
        required=False,
    )
    serious_illness_or_disability = forms.BooleanField(
        label=_("The child has a serious illness, injury or disability"),
        required=False,
    )
    barnekoordinator = forms.BooleanField(
        label=_("The coordinator is appointed as the family's barnekoordinator"),
        help_text=_(
            "The municipality appoints the barnekoordinator "
            "(helse- og omsorgstjenesteloven § 7-2 a)."
        ),
        required=False,
    )
    note = forms.CharField(
        label=_("How this was assessed (optional)"),
        help_text=_("Who assessed it and when, in a few words. No diagnoses."),
        max_length=DUTY_FACTS_NOTE_MAX,
        required=False,
        widget=forms.Textarea,
    )
