from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, date_field
from directory.models import TaxonomyTerm
from knowledge.access import EditorScopes
from knowledge.models import Audience, Kind, MaterialLanguage
from knowledge.services import MaterialData

NATIONAL = "national"


class TermsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.name_en if get_language() == "en" and obj.name_en else obj.name


class TermField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.name_en if get_language() == "en" and obj.name_en else obj.name


def _terms(prefix: str) -> Any:
    return TaxonomyTerm.objects.filter(code__startswith=prefix).order_by("code")


class SearchForm(StyledForm):
    """The public search: words and a few filters, all optional."""

    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    audience = forms.ChoiceField(
        label=_("Written for"),
        required=False,
        choices=[("", _("Anyone")), *Audience.choices],
    )
    need = TermField(
        label=_("Need"),
        queryset=_terms("need:"),
        required=False,
        to_field_name="code",
        empty_label=_("Any need"),
    )
    sector = TermField(
        label=_("Sector"),
        queryset=_terms("sector:"),
        required=False,
        to_field_name="code",
        empty_label=_("Any sector"),
    )
    age = TermField(
        label=_("Age"),
        queryset=_terms("age:"),
        required=False,
        to_field_name="code",
        empty_label=_("Any age"),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class MaterialForm(StyledForm):
    """What an editor says about a material. Where it belongs is one of the editor's scopes:
    national, or a municipality whose routines they curate."""

    scope = forms.ChoiceField(label=_("For"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    publisher = forms.CharField(
        label=_("Publisher"),
        max_length=200,
        help_text=_("The directorate, the municipality or whoever published it."),
    )
    issued_on = date_field(_("Date"), required=False, help_text=_("When it was published."))
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Where it can be read, for example https://www.udir.no/…"),
    )
    url_checked = forms.BooleanField(
        label=_("I have opened the address and it shows this material"), required=False
    )
    summary = forms.CharField(
        label=_("Summary in plain language"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("What it is and who it helps, in a few sentences anyone can read."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=MaterialLanguage.choices)
    audiences = forms.MultipleChoiceField(
        label=_("Written for"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = TermsField(
        label=_("Needs"),
        queryset=_terms("need:"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = TermsField(
        label=_("Sectors"),
        queryset=_terms("sector:"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    ages = TermsField(
        label=_("Age bands"),
        queryset=_terms("age:"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, scopes: EditorScopes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in scopes.municipalities}
        choices: list[tuple[str, str]] = (
            [(NATIONAL, str(_("National material")))] if scopes.national else []
        )
        choices += [
            (key, str(_("Routine of %(name)s") % {"name": m.name}))
            for key, m in self.municipalities.items()
        ]
        cast(forms.ChoiceField, self.fields["scope"]).choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        scope, kind = cleaned.get("scope"), cleaned.get("kind")
        if scope and kind:
            if scope == NATIONAL and kind == Kind.LOCAL_ROUTINE:
                self.add_error("kind", _("A local routine belongs to a municipality."))
            elif scope != NATIONAL and kind != Kind.LOCAL_ROUTINE:
                self.add_error("kind", _("A municipality's material here is a local routine."))
        if cleaned.get("url_checked") and not cleaned.get("url"):
            self.add_error("url_checked", _("There is no address to have checked."))
        return cleaned

    def data_for_service(self) -> MaterialData:
        cleaned = self.cleaned_data
        scope = cleaned["scope"]
        return MaterialData(
            kind=cleaned["kind"],
            title=cleaned["title"],
            publisher=cleaned["publisher"],
            summary=cleaned["summary"],
            issued_on=cleaned["issued_on"],
            url=cleaned["url"],
            url_checked=cleaned["url_checked"],
            language=cleaned["language"],
            municipality=None if scope == NATIONAL else self.municipalities[scope],
            audiences=cleaned["audiences"],
            terms=[*cleaned["needs"], *cleaned["sectors"], *cleaned["ages"]],
        )


def material_initial(material: Any) -> dict[str, Any]:
    """The form's initial values for an existing material."""
    terms = list(material.terms.all())
    return {
        "scope": str(material.municipality_id) if material.municipality_id else NATIONAL,
        "kind": material.kind,
        "title": material.title,
        "publisher": material.publisher,
        "issued_on": material.issued_on,
        "url": material.url,
        "url_checked": material.url_checked,
        "summary": material.summary,
        "language": material.language,
        "audiences": [row.audience for row in material.audiences.all()],
        "needs": [t for t in terms if t.code.startswith("need:")],
        "sectors": [t for t in terms if t.code.startswith("sector:")],
        "ages": [t for t in terms if t.code.startswith("age:")],
    }
