from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import CleanModelForm, CleanTextForm
from directory.models import Service, TaxonomyTerm
from municipalities.models import Municipality

WHO_CHOICES = [
    ("young", _("I am young")),
    ("guardian", _("I am a parent or guardian")),
    ("professional", _("I work with children and young people")),
]


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        if get_language() == "en" and obj.name_en:
            return obj.name_en
        return obj.name


class SearchForm(CleanTextForm):
    """The public search: one plain-language box and a few filters, all optional."""

    q = forms.CharField(
        label=_("What do you need help with?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "ds-input", "type": "search"}),
    )
    who = forms.ChoiceField(
        label=_("Who is searching?"),
        choices=WHO_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="number",
        empty_label=_("Choose municipality (national services only)"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
    )
    need = TermChoiceField(
        label=_("Need"),
        queryset=TaxonomyTerm.objects.filter(code__startswith="need:").order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Any need"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    sector = TermChoiceField(
        label=_("Type of service"),
        queryset=TaxonomyTerm.objects.filter(code__startswith="sector:").order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Any service"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    self_referral = forms.BooleanField(
        label=_("Only services I can contact myself"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        if isinstance(language, forms.ChoiceField):
            language.choices = [("", _("Any language")), *languages]


class ServiceEditForm(CleanModelForm):
    """What an owner keeps true about their service. `version` catches concurrent edits."""

    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Service
        fields = [
            "description",
            "eligibility_description",
            "application_process",
            "self_referral",
            "referral_from",
            "wait_time",
            "url",
            "email",
            "expects_to_receive",
            "internal_referral_route",
        ]
        widgets = {
            name: forms.Textarea(attrs={"class": "ds-input", "rows": 4})
            for name in [
                "description",
                "eligibility_description",
                "application_process",
                "expects_to_receive",
                "internal_referral_route",
            ]
        } | {
            "referral_from": forms.TextInput(attrs={"class": "ds-input"}),
            "wait_time": forms.TextInput(attrs={"class": "ds-input"}),
            "url": forms.URLInput(attrs={"class": "ds-input"}),
            "email": forms.EmailInput(attrs={"class": "ds-input"}),
            "self_referral": forms.CheckboxInput(attrs={"class": "ds-input"}),
        }
