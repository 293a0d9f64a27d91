"""Units and organisations in the admin. A unit is managed by the administrators of its
organisation (a municipality's administrators for its own units; a county authority's or health
trust's administrators for theirs), whatever municipality it sits in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityScopedAdmin
from municipalities.models import Municipality
from units.models import Organisation, OrganisationKind, Unit


def _organisations(request: HttpRequest, site: Any) -> QuerySet[Organisation]:
    return site.organisations(request)


class UnitForm(forms.ModelForm):
    """Left empty, the organisation is the municipality where the unit sits, if the
    administrator manages it; the unit must sit in a municipality its organisation serves."""

    organisations: QuerySet[Organisation] | None = None  # set per request by UnitAdmin

    class Meta:
        model = Unit
        fields = ["organisation", "municipality", "name", "sector"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        municipality = cleaned.get("municipality")
        organisation = cleaned.get("organisation")
        if municipality is None:
            return cleaned
        if organisation is None:
            organisation = Organisation.objects.filter(municipality=municipality).first()
            if organisation is None or (
                self.organisations is not None and organisation not in self.organisations
            ):
                self.add_error("organisation", _("Choose the organisation the unit belongs to."))
                return cleaned
            cleaned["organisation"] = self.instance.organisation = organisation
        if not organisation.serves.filter(pk=municipality.pk).exists():
            self.add_error(
                "municipality",
                _("%(organisation)s does not serve %(municipality)s.")
                % {"organisation": organisation, "municipality": municipality},
            )
        return cleaned


@admin.register(Unit)
class UnitAdmin(MunicipalityScopedAdmin):
    organisation_pages = True
    form = UnitForm
    list_display = ["name", "sector", "organisation", "municipality", "is_active"]
    list_filter = ["sector", "is_active"]
    list_select_related = ["organisation", "municipality"]
    search_fields = ["name"]
    fields = [
        "organisation",
        "municipality",
        "name",
        "sector",
        "organisation_number",
        "email",
        "phone",
        "is_active",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        return type(
            form.__name__, (form,), {"organisations": _organisations(request, self.admin_site)}
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__in=_organisations(request, self.admin_site))

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "municipality" and not request.user.is_superuser:
            # Where the unit may sit: a municipality its organisation serves.
            kwargs["queryset"] = Municipality.objects.filter(
                served_by__in=_organisations(request, self.admin_site)
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def municipality_of(self, request: HttpRequest, obj: Any) -> Any:
        # A change is audited in the chain of the organisation if it is a municipality; the
        # other organisations' changes go on the national chain, not the host municipality's.
        return obj.organisation.municipality_id if obj.organisation_id else None


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin):
    """Organisations: an operator adds health trusts, state agencies and bodies with an
    agreement; their administrators keep the name, number and catchment. Municipalities and
    county authorities follow the reference data (`load_organisations`)."""

    organisation_pages = True
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]
    fields = ["kind", "name", "organisation_number", "serves"]
    filter_horizontal = ["serves"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=_organisations(request, self.admin_site).values("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.kind in (
            OrganisationKind.MUNICIPALITY,
            OrganisationKind.COUNTY_AUTHORITY,
        ):
            return ["kind", "name", "serves"]  # kept by the reference data
        return [] if request.user.is_superuser else ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def municipality_of(self, request: HttpRequest, obj: Any) -> Any:
        return obj.municipality_id
