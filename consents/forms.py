from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from children.models import Guardian
from consents.models import BasisKind, GivenBy, InformationKind, Method, SharingSituation
from consents.selectors import ConsentGivers
from core.forms import StyledForm, date_field
from municipalities.models import Municipality
from units.forms import UnitsFoundByName
from units.models import Unit

CONSENT_METHODS = [(m.value, m.label) for m in Method if m != Method.NOT_APPLICABLE]
# Above this many units to choose from (a large municipality with the county's and the health
# trust's units), the form lists the units the child already has to do with, the ticked ones
# and those found by name, not every one.


class ConsentForm(UnitsFoundByName, StyledForm):
    """A consent or legal basis for the ledger. The units come before who gave it: who must
    consent depends on the units' services and the child's age (`consents.selectors.
    consent_givers`), and the page shows the answer while the units are ticked."""

    kind = forms.ChoiceField(label=_("Basis"), choices=BasisKind.choices, initial=BasisKind.CONSENT)
    legal_reference = forms.CharField(
        label=_("Law and section (for a legal basis)"), required=False, max_length=200
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units that may share"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    given_by = forms.ChoiceField(
        label=_("Who gave the consent?"),
        choices=GivenBy.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    guardians = forms.ModelMultipleChoiceField(
        label=_("Guardians who gave it"),
        queryset=Guardian.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information_kinds = forms.MultipleChoiceField(
        label=_("Kinds of information"),
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    text = forms.CharField(
        label=_("The text as it was given"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Exactly the words the person agreed to; it is kept unchanged."),
    )
    method = forms.ChoiceField(
        label=_("How was it given?"), choices=[("", "—"), *CONSENT_METHODS], required=False
    )
    evidence_note = forms.CharField(
        label=_("Note (where the paper is filed, who was present)"),
        widget=forms.Textarea,
        required=False,
    )
    valid_from = date_field(_("Valid from"))
    valid_until = date_field(_("Valid until"), required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Unit], guardians: QuerySet[Guardian], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["guardians"].queryset = guardians  # type: ignore[attr-defined]
        self.givers: ConsentGivers | None = None
        # Whether a form that can allow a move shows its "moving to" choice (every municipality
        # in the country) or a button that opens it: the page decides.
        self.moving_shown = True

    def show_givers(self, givers: ConsentGivers) -> None:
        """Offer only the answers to "who gave it?" that the rule allows for the units, and
        tick the givers it asks for. A form sent back keeps what was sent unless the rule
        moved it (`givers.changed`); the caller then says so on the field."""
        self.givers = givers
        widget = self.fields["given_by"].widget
        widget.choices = [(value, GivenBy(value).label) for value in givers.allowed_given_by]
        guardian_ids = [str(guardian.pk) for guardian in givers.guardians]
        if not self.is_bound:
            self.initial.update({"given_by": givers.given_by, "guardians": guardian_ids})
        elif givers.changed and isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["given_by"] = givers.given_by
            data.setlist("guardians", guardian_ids)
            self.data = data

    @staticmethod
    def initial_from(data: QueryDict) -> dict[str, Any]:
        """What was sent, as the initial values of a fresh form: for checking who must consent
        without saving (and without marking the fields not filled in yet as errors)."""
        multiple = {"units", "guardians", "information_kinds"}
        return {
            name: data.getlist(name) if name in multiple else data.get(name, "")
            for name in data
            if name != "csrfmiddlewaretoken"
        }


class MovingConsentForm(ConsentForm):
    """The team's consent form, which may also allow a move: the municipality the young person
    is moving to (its units are then offered too) and the transition period for the old
    municipality's units (docs/access-model.md#moving-municipality)."""

    moving_to = forms.ModelChoiceField(
        label=_("Moving to another municipality? Choose it"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_(
            "Only for a consent that allows a move: then choose “Show the units there” and tick "
            "the receiving unit."
        ),
    )
    kept_until = date_field(
        _("The ticked units of the old municipality stay on the team until"), required=False
    )


class ConsentGiversForm(StyledForm):
    """The fields that decide who must consent, sent while the consent form is filled in."""

    kind = forms.ChoiceField(choices=BasisKind.choices, required=False)
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), required=False)
    given_by = forms.ChoiceField(choices=[("", ""), *GivenBy.choices], required=False)
    guardians = forms.ModelMultipleChoiceField(queryset=Guardian.objects.none(), required=False)
    valid_from = date_field(_("Valid from"), required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Unit], guardians: QuerySet[Guardian], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["guardians"].queryset = guardians  # type: ignore[attr-defined]


class ConsentWithdrawForm(StyledForm):
    withdrawn_by = forms.CharField(label=_("Who withdrew it?"), max_length=200)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class SharingForm(StyledForm):
    recipient_unit = forms.ModelChoiceField(
        label=_("Who do you want to share with?"), queryset=Unit.objects.none()
    )
    situation = forms.ChoiceField(
        label=_("What is the situation?"),
        choices=SharingSituation.choices,
        widget=forms.RadioSelect,
    )
    information_kinds = forms.MultipleChoiceField(
        label=_("What kind of information?"),
        choices=InformationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What you share (kept with the decision)"),
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_unit"].queryset = units  # type: ignore[attr-defined]
