from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from digest.services import SubscriptionRequest
from directory.models import TaxonomyTerm
from knowledge.models import Audience
from municipalities.models import Municipality
from units.models import Sector


class _Terms(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.name_en if get_language() == "en" and obj.name_en else obj.name


class SubscribeForm(StyledForm):
    """The public subscription: an address and, all optional, what the digest is about."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    needs = _Terms(
        label=_("Topics"),
        queryset=TaxonomyTerm.objects.filter(code__startswith="need:").order_by("code"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every topic."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every sector."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Written for"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: everyone."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Any municipality"),
        help_text=_("Grant schemes are then only those that fit the municipality."),
    )

    def subscription_request(self, *, language: str) -> SubscriptionRequest:
        cleaned: dict[str, Any] = self.cleaned_data
        municipality = cleaned.get("municipality")
        return SubscriptionRequest(
            email=cleaned["email"].strip().lower(),
            needs=[term.code for term in cleaned.get("needs") or []],
            sectors=list(cleaned.get("sectors") or []),
            audiences=list(cleaned.get("audiences") or []),
            municipality=municipality.pk if municipality is not None else None,
            language=language,
        )
