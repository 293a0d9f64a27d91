from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from children.models import Guardian
from consents.models import BasisKind, GivenBy, InformationKind, Method, SharingSituation
from core.forms import StyledForm, date_field
from units.models import Unit

CONSENT_METHODS = [(m.value, m.label) for m in Method if m != Method.NOT_APPLICABLE]


class ConsentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Basis"), choices=BasisKind.choices, initial=BasisKind.CONSENT)
    given_by = forms.ChoiceField(
        label=_("Who gave the consent?"),
        choices=[("", "—"), *GivenBy.choices],
        required=False,
    )
    guardians = forms.ModelMultipleChoiceField(
        label=_("Guardians who gave it"),
        queryset=Guardian.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_reference = forms.CharField(
        label=_("Law and section (for a legal basis)"), required=False, max_length=200
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units that may share"),
        queryset=Unit.objects.none(),
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
