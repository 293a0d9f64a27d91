from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import CleanModelForm, CleanTextForm
from directory.models import Service, ServiceClassification, TaxonomyTerm
from municipalities.models import Municipality
from municipalities.selectors import Place, place_resolve

WHO_CHOICES = [
    ("young", _("I am young")),
    ("guardian", _("I am a parent or guardian")),
    ("professional", _("I work with children and young people")),
]


def _term_label(term: TaxonomyTerm) -> str:
    if get_language() == "en" and term.name_en:
        return term.name_en
    return term.name


class TermChoiceField(forms.ChoiceField):
    """A term (a need, a type of service) chosen by its code, cleaned to the TaxonomyTerm. The
    terms are given by the form, which reads those of all its term fields in one query (a
    ModelChoiceField reads its own, through a server-side cursor, when the page renders)."""

    def __init__(self, *, prefix: str, empty_label: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prefix = prefix
        self.empty_label = empty_label
        self.terms: dict[str, TaxonomyTerm] = {}

    def terms_set(self, terms: list[TaxonomyTerm]) -> None:
        """The terms to choose from, in the order shown: those with this field's prefix."""
        self.terms = {term.code: term for term in terms if term.code.startswith(self.prefix)}
        self.choices = [
            ("", self.empty_label),
            *((code, _term_label(term)) for code, term in self.terms.items()),
        ]

    def clean(self, value: Any) -> TaxonomyTerm | None:
        code = self.to_python(value)
        if code in self.empty_values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        term = self.terms.get(code)
        if term is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": code},
            )
        return term


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
    place = forms.CharField(
        label=_("Where do you live?"),
        help_text=_(
            "Your municipality or postcode, to see local services as well as national ones. "
            "We remember it until you close the browser."
        ),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "ds-input", "size": 20}),
    )
    # A municipality number, from links and from what the session remembers; never a field on
    # the page ("place" is), and "place" wins when both are sent.
    municipality = forms.CharField(required=False, max_length=4, widget=forms.HiddenInput)
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
    )
    need = TermChoiceField(
        label=_("Need"),
        prefix="need:",
        required=False,
        empty_label=_("Any need"),
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    sector = TermChoiceField(
        label=_("Type of service"),
        prefix="sector:",
        required=False,
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

    def __init__(
        self,
        *args: Any,
        languages: list[tuple[str, str]],
        municipality: Municipality | None = None,
        **kwargs: Any,
    ) -> None:
        """`municipality` is one the view has read already (the user's own), so that the form
        need not read it again when the data names it."""
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        if isinstance(language, forms.ChoiceField):
            language.choices = [("", _("Any language")), *languages]
        # The needs and the types of service in one query, by name as the lists show them.
        terms = list(
            TaxonomyTerm.objects.filter(
                Q(code__startswith="need:") | Q(code__startswith="sector:")
            ).order_by("name")
        )
        for name in ("need", "sector"):
            field = self.fields[name]
            if isinstance(field, TermChoiceField):
                field.terms_set(terms)
        self.known_municipality = municipality
        self.place_found: Place | None = None  # the place typed, as understood

    def clean(self) -> dict[str, Any]:
        """The municipality: the place typed (a postcode or a name, resolved), else the one a
        link or the session gave, which the place field then shows by name."""
        cleaned = super().clean() or {}
        number = cleaned.get("municipality") or ""
        if "place" in self.data:
            # None: refused by the text checks, whose error says why; "": no place, forget it.
            text = cleaned.get("place")
            cleaned["municipality"] = None
            if text:
                self.place_found = place_resolve(text=text)
                cleaned["municipality"] = self.place_found.municipality
                if self.place_found.problem is not None:
                    self.add_error("place", _place_error(self.place_found))
        else:
            known = self.known_municipality
            if known is not None and known.number == number:
                municipality: Municipality | None = known
            else:
                municipality = (
                    Municipality.objects.filter(number=number).first() if number else None
                )
            cleaned["municipality"] = municipality
            if number and municipality is None:
                self.add_error(
                    "place",
                    ValidationError(
                        _("We do not know a municipality with the number %(text)s."),
                        code="unknown_municipality",
                        params={"text": number},
                    ),
                )
            elif municipality is not None:
                # Shown as a name, and sent as one with the next search.
                data = QueryDict(mutable=True)
                data.update(self.data)
                data["place"] = municipality.label
                self.data = data
        return cleaned


def _place_error(place: Place) -> ValidationError:
    if place.problem == "unknown_postcode":
        message = _(
            "We do not know the postcode %(text)s. Check it, or write the name of your "
            "municipality."
        )
    elif place.problem == "not_municipality":
        message = _(
            "The postcode %(text)s is not in a municipality. Write the municipality you live "
            "in, or leave the field empty to see national services."
        )
    elif place.problem == "ambiguous":
        message = _("More than one municipality is called %(text)s. Choose the one you mean.")
    else:
        message = _(
            "We do not know a municipality or postal place called %(text)s. Write the name of "
            "your municipality, or your postcode (four digits)."
        )
    return ValidationError(message, code=place.problem, params={"text": place.text})


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


DECISION_CHOICES = [
    ("", _("Decide later")),
    ("confirm", _("Yes, the service helps with this")),
    ("reject", _("No, this is wrong")),
]


# What a suggestion is, by its term's taxonomy (the code's prefix).
CLASSIFICATION_KINDS = {"need": _("Need"), "sector": _("Sector"), "age": _("Ages")}


class ClassificationReviewForm(CleanTextForm):
    """The owner's decision on each need, sector or age band suggested from the service's
    text: one group of
    choices per suggestion, named by its id; at least one decision per sending."""

    def __init__(self, *args: Any, suggestions: list[ServiceClassification], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.suggestions = {f"decision_{s.id.hex}": s for s in suggestions}
        for name, suggestion in self.suggestions.items():
            term = suggestion.taxonomy_term
            name_shown = term.name_en if get_language() == "en" and term.name_en else term.name
            kind = CLASSIFICATION_KINDS.get(term.code.partition(":")[0], _("Need"))
            self.fields[name] = forms.ChoiceField(
                label=_("%(kind)s: %(name)s") % {"kind": kind, "name": name_shown},
                choices=DECISION_CHOICES,
                required=False,
                initial="",
                widget=forms.RadioSelect,
                help_text=_("Words in the service's text: %(words)s")
                % {"words": suggestion.triggers or "–"},
                error_messages={
                    "invalid_choice": _("Choose yes, no or decide later for this need.")
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not self.decisions():
            raise ValidationError(
                _("Choose yes or no for at least one need. Nothing was saved."), code="empty"
            )
        return cleaned

    def decisions(self) -> dict[Any, bool]:
        """Classification id → confirmed, for the needs decided now."""
        return {
            self.suggestions[name].id: value == "confirm"
            for name, value in (getattr(self, "cleaned_data", None) or {}).items()
            if name in self.suggestions and value in {"confirm", "reject"}
        }
