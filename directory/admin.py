"""Editing the directory: municipal administrators edit their municipality's entries;
national entries are edited by operators. Every change is audited and re-indexed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import MunicipalityScopedAdmin, ScopedInline
from core.forms import CleanModelForm
from directory.models import (
    Attribute,
    Collaboration,
    Contact,
    Language,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
    ThesaurusEntry,
)
from directory.selectors import THESAURUS_CACHE_KEY
from directory.services import service_saved, service_withdraw
from municipalities.models import Municipality
from people.http import AuthenticatedHttpRequest


class ServiceForm(CleanModelForm):
    terms = forms.ModelMultipleChoiceField(
        label=_("Needs, sector, ages and access"),
        queryset=TaxonomyTerm.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        exclude: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["terms"].initial = list(
                Attribute.objects.filter(
                    link_entity="service", link_id=self.instance.pk
                ).values_list("taxonomy_term_id", flat=True)
            )


class PhoneInline(ScopedInline):
    model = Phone
    extra = 0
    fields = ["number", "type", "description"]


class ScheduleInline(ScopedInline):
    model = Schedule
    extra = 0
    fields = ["description", "byday", "opens_at", "closes_at"]


class LanguageInline(ScopedInline):
    model = Language
    extra = 0
    fields = ["name", "code", "note"]


class ServiceAreaInline(ScopedInline):
    model = ServiceArea
    extra = 0
    fields = ["name", "municipality"]


class ContactInline(ScopedInline):
    model = Contact
    extra = 0
    fields = ["name", "title", "email", "public"]


@admin.register(Service)
class ServiceAdmin(MunicipalityScopedAdmin):
    form = ServiceForm
    municipality_field = "organization__municipality"
    list_display = ["name", "organization", "status", "last_reviewed", "owner"]
    list_filter = ["status", "self_referral", "is_national"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]
    inlines = [PhoneInline, ScheduleInline, LanguageInline, ServiceAreaInline, ContactInline]
    list_select_related = ["organization", "owner"]

    # Deleting withdraws: the row stays as a tombstone an HSDS sync can see (service_withdraw).
    # The admin only lets signed-in staff this far, so request.user is a User.
    def delete_model(self, request: AuthenticatedHttpRequest, obj: Any) -> None:  # type: ignore[override]
        service_withdraw(actor=request.user, service=obj)

    def delete_queryset(  # type: ignore[override]
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Service]
    ) -> None:
        for service in queryset.select_related("organization__municipality"):
            service_withdraw(actor=request.user, service=service)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organization" and not request.user.is_superuser:
            kwargs["queryset"] = Organization.objects.filter(
                municipality__in=self.administered(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        service_saved(
            service=form.instance,
            terms=form.cleaned_data["terms"],
        )


class IdentifierInline(ScopedInline):
    model = OrganizationIdentifier
    extra = 0
    fields = ["identifier_scheme", "identifier_type", "identifier"]


@admin.register(Organization)
class OrganizationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name"]
    inlines = [IdentifierInline]
    fields = ["name", "alternate_name", "description", "email", "website", "municipality", "unit"]


@admin.register(Collaboration)
class CollaborationAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "municipality", "need"]
    filter_horizontal = ["services"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "services" and not request.user.is_superuser:
            kwargs["queryset"] = Service.objects.filter(
                organization__municipality__in=self.administered(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ThesaurusEntry)
class ThesaurusAdmin(MunicipalityScopedAdmin):
    """The thesaurus is shared by all municipalities: administrators may add words."""

    list_display = ["phrase"]
    search_fields = ["phrase"]
    filter_horizontal = ["terms"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ThesaurusEntry]:
        return ThesaurusEntry.objects.prefetch_related("terms")

    def municipality_of(self, request: HttpRequest, obj: Any) -> Municipality | None:
        return self.administered(request).first()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        cache.delete(THESAURUS_CACHE_KEY)  # searches read the new words at once

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        cache.delete(THESAURUS_CACHE_KEY)


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    """Searches keep the terms with the thesaurus (see search_reference): a change reloads both."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        cache.delete(THESAURUS_CACHE_KEY)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        cache.delete(THESAURUS_CACHE_KEY)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TaxonomyTerm]) -> None:
        super().delete_queryset(request, queryset)
        cache.delete(THESAURUS_CACHE_KEY)
