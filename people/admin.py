"""Staff in the admin, with separation of duties (docs/decisions/0004-separation-of-duties.md):
nobody changes their own memberships or active flag, a new membership is a request another
administrator approves, superuser status is never set here, and tokens are only revoked here."""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from core.admin import MunicipalityScopedAdmin, ReadOnlyAdmin, ScopedInline
from municipalities.models import Municipality
from people.models import ApiToken, Membership, MembershipRequest, User
from people.selectors import memberships_administered_q, municipalities_administered
from people.services import (
    enrolment_link_issue,
    membership_request_approve,
    membership_request_check,
    membership_request_create,
    membership_request_refuse,
    user_deactivate,
    user_second_factor_reset,
)
from people.tokens import api_token_revoke


def _staff_administered_q(request: HttpRequest) -> Q:
    """Users with a membership, or a request for one, that the administrator manages."""
    user: User = request.user  # type: ignore[assignment]
    return memberships_administered_q(user=user, prefix="memberships__") | (
        memberships_administered_q(user=user, prefix="membership_requests__")
    )


def _is_self(request: HttpRequest, obj: Any) -> bool:
    return obj is not None and obj.pk is not None and obj.pk == request.user.pk


class MembershipEndForm(forms.ModelForm):
    """An existing membership: only the title and the end date change here. Ending access is
    one person's decision; opening it again (clearing or postponing the end) is a new grant."""

    class Meta:
        model = Membership
        fields = ["title", "ended_on"]

    def clean_ended_on(self) -> Any:
        ended_on = self.cleaned_data.get("ended_on")
        before = self.initial.get("ended_on")
        if before is not None and (ended_on is None or ended_on > before):
            raise ValidationError(
                _(
                    "An ended membership cannot be opened again here. Ask for it as a new "
                    "membership, which another administrator approves."
                ),
                code="reopen",
            )
        return ended_on


class MembershipInline(ScopedInline):
    """Memberships in force or ended: shown, and ended by setting "until". New ones are asked
    for below (MembershipRequestInline) and take effect when another administrator approves."""

    organisation_pages = True
    model = Membership
    form = MembershipEndForm
    # Stacked: each input has its own label (the tabular layout has only column headers).
    template = "admin/edit_inline/stacked.html"
    extra = 0
    fields = ["municipality", "unit", "organisation", "role", "title", "started_on", "ended_on"]
    readonly_fields = ["municipality", "unit", "organisation", "role", "started_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Memberships elsewhere (another municipality, or another organisation's units in this
        # municipality) are not this administrator's business.
        return queryset.filter(memberships_administered_q(user=request.user))  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Nobody changes their own memberships, operators included.
        return not _is_self(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Ended, never deleted: the history of who had access stays.
        return False


class MembershipRequestForm(forms.ModelForm):
    """A new membership asked for in the admin. `requested_by` is set per request by the admin
    class; the same checks as the service run here, so mistakes are field errors."""

    requested_by: User | None = None

    class Meta:
        model = MembershipRequest
        fields = ["user", "municipality", "unit", "organisation", "role", "title", "started_on"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user = cleaned.get("user") or getattr(self.instance, "user", None)
        unit = cleaned.get("unit")
        if unit is not None and cleaned.get("municipality") is None:
            # A unit's role is held in the municipality the unit sits in.
            cleaned["municipality"] = self.instance.municipality = unit.municipality
        role = cleaned.get("role")
        if self.requested_by is not None and role:
            try:
                membership_request_check(
                    requested_by=self.requested_by,
                    user=user,
                    municipality=cleaned.get("municipality"),
                    role=role,
                    unit=unit,
                    organisation=cleaned.get("organisation"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def _with_requester(form: type[forms.ModelForm], request: HttpRequest) -> Any:
    return type(form.__name__, (form,), {"requested_by": request.user})


class MembershipRequestInline(ScopedInline):
    """New memberships for this user: each becomes a pending request that another
    administrator approves (Membership requests in the admin)."""

    organisation_pages = True
    model = MembershipRequest
    form = MembershipRequestForm
    fk_name = "user"
    template = "admin/edit_inline/stacked.html"
    extra = 0
    fields = [
        "municipality",
        "unit",
        "organisation",
        "role",
        "title",
        "started_on",
        "status",
        "requested_by",
        "decided_by",
    ]
    readonly_fields = ["status", "requested_by", "decided_by"]
    verbose_name = _("new membership (needs another administrator's approval)")
    verbose_name_plural = _("new memberships (need another administrator's approval)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[MembershipRequest]:
        queryset = super().get_queryset(request).select_related("requested_by", "decided_by")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships_administered_q(user=request.user))  # type: ignore[arg-type]

    def get_min_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        # A new user must belong somewhere the administrator sees, or they would vanish.
        return 0 if request.user.is_superuser or obj is not None else 1

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        kwargs.setdefault("validate_min", not request.user.is_superuser)
        kwargs["form"] = _with_requester(self.form, request)
        return super().get_formset(request, obj, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Nobody asks for access for themselves.
        return not _is_self(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decided in Membership requests, not here

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, DjangoUserAdmin):
    organisation_pages = True
    municipality_field = "memberships__municipality"
    inlines = [MembershipInline, MembershipRequestInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]

    class Media:
        css = {"all": ["laget/admin_links.css"]}

    actions = ["enrolment_link_send", "second_factor_reset"]

    # Second-factor enrolment (docs/decisions/0005-second-factor-enrolment.md) ----------------

    @admin.action(description=_("Send enrolment link (own password and second factor)"))
    def enrolment_link_send(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse:
        return self._enrolment_links(request, queryset, reset=False)

    @admin.action(description=_("Reset second factor and send a new enrolment link"))
    def second_factor_reset(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse:
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "people/admin_second_factor_reset_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reset second factor"),
                    "opts": self.model._meta,
                    "users": queryset.order_by("username"),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        return self._enrolment_links(request, queryset, reset=True)

    def _enrolment_links(
        self, request: HttpRequest, queryset: QuerySet[User], *, reset: bool
    ) -> HttpResponse:
        """Each user in their own transaction: one refusal does not undo the others. Links
        that were not e-mailed are shown on this page once and are stored nowhere."""
        actor: User = request.user  # type: ignore[assignment]
        results = []
        for user in queryset.order_by("username"):
            link, error = None, ""
            # Oneself goes on to the service, which refuses it with its own reason.
            if user.pk != actor.pk and not self.has_change_permission(request, user):
                error = gettext("You cannot change this user here.")
            else:
                try:
                    link = (
                        user_second_factor_reset(user=user, reset_by=actor)
                        if reset
                        else enrolment_link_issue(user=user, issued_by=actor)
                    )
                except ValidationError as refused:
                    error = " ".join(refused.messages)
                except (OSError, SMTPException):
                    error = gettext("The e-mail could not be sent, so nothing was changed.")
            results.append({"user": user, "link": link, "error": error})
        return TemplateResponse(
            request,
            "people/admin_enrolment_links.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Enrolment links"),
                "opts": self.model._meta,
                "results": results,
            },
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super(MunicipalityScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Also a new user whose first membership still waits for approval.
        return queryset.filter(_staff_administered_q(request)).distinct()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        # The same for operators: superuser status, staff status, groups and permissions are
        # never set in the admin (an operator is made with `createsuperuser` on the server).
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            )
        status: tuple[str, ...] = ("is_active", "last_login", "date_joined")
        if request.user.is_superuser:
            status += ("is_superuser",)
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("Status"), {"fields": status}),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["last_login", "date_joined", "is_superuser", "is_staff"]
        if _is_self(request, obj):
            fields.append("is_active")  # nobody deactivates (or reactivates) themselves
        elif obj is not None and not obj.is_active:
            # Reactivating would bring back access without a second person: ask for new
            # memberships instead (deactivation ended the old ones).
            fields.append("is_active")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        # Operators and staff who also work elsewhere are changed by an operator, not here.
        if obj.is_superuser:
            return False
        return not obj.memberships.exclude(
            memberships_administered_q(user=request.user)  # type: ignore[arg-type]
        ).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users are deactivated, never deleted: the access log refers to them.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Inside the admin's transaction: sessions, tokens and memberships end with it.
            user_deactivate(user=obj, deactivated_by=request.user)  # type: ignore[arg-type]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not MembershipRequest:
            super().save_formset(request, form, formset, change)
            return
        # New memberships are requests, made by the service (checked again and audited).
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            membership_request_create(
                requested_by=request.user,  # type: ignore[arg-type]
                user=form.instance,
                municipality=data.get("municipality"),
                unit=data.get("unit"),
                organisation=data.get("organisation"),
                role=data["role"],
                title=data.get("title", ""),
                started_on=data.get("started_on"),
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def municipality_of(self, request: HttpRequest, obj: Any) -> Municipality | None:
        if not municipalities_administered(user=request.user).exists():  # type: ignore[arg-type]
            return None  # an organisation's administrator: the national chain
        administered = self.administered(request)
        return administered.filter(memberships__user=obj).first() or (
            Municipality.objects.filter(memberships__user=obj).first()
        )


@admin.register(MembershipRequest)
class MembershipRequestAdmin(MunicipalityScopedAdmin):
    """Where a second administrator sees requested memberships and approves or refuses them."""

    organisation_pages = True
    form = MembershipRequestForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[MembershipRequest]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships_administered_q(user=request.user))  # type: ignore[arg-type]

    list_display = [
        "user",
        "role",
        "unit",
        "organisation",
        "municipality",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status"]
    list_select_related = [
        "user",
        "unit",
        "organisation",
        "municipality",
        "requested_by",
        "decided_by",
    ]
    actions = ["approve_selected", "refuse_selected"]

    class Media:
        css = {"all": ["laget/admin_links.css"]}

    readonly_fields = ["status", "requested_by", "requested_at", "decided_by", "decided_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = ["user", "municipality", "unit", "organisation", "role", "title", "started_on"]
        return base if obj is None else [*base, *self.readonly_fields, "decided_by_label"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj) if obj is not None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return _with_requester(super().get_form(request, obj, change=change, **kwargs), request)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "user":
            users = User.objects.filter(is_active=True).exclude(pk=request.user.pk)  # type: ignore[misc]
            if not request.user.is_superuser:
                users = users.filter(_staff_administered_q(request)).distinct()
            kwargs["queryset"] = users.order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decided with the actions; a request is never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        created = membership_request_create(
            requested_by=request.user,  # type: ignore[arg-type]
            user=obj.user,
            municipality=obj.municipality,
            unit=obj.unit,
            organisation=obj.organisation,
            role=obj.role,
            title=obj.title,
            started_on=obj.started_on,
        )
        obj.pk = created.pk

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # The service has audited the request with its details; only Django's own log here.
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def _decide(
        self, request: HttpRequest, queryset: QuerySet[MembershipRequest], how: Any
    ) -> None:
        done = 0
        for item in queryset.select_related("user", "unit", "municipality"):
            try:
                how(request=item, decided_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{item}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(count)d request(s) decided.") % {"count": done})

    @admin.action(description=_("Approve the selected requests"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[MembershipRequest]) -> None:
        self._decide(request, queryset, membership_request_approve)

    @admin.action(description=_("Refuse the selected requests"))
    def refuse_selected(self, request: HttpRequest, queryset: QuerySet[MembershipRequest]) -> None:
        self._decide(request, queryset, membership_request_refuse)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens of the municipality's staff: seen, and revoked, never issued or changed here."""

    organisation_pages = True
    municipality_field = "user__memberships__municipality"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            memberships_administered_q(user=request.user, prefix="user__memberships__")  # type: ignore[arg-type]
        ).distinct()

    list_display = [
        "user",
        "name",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    fields = ["user", "name", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]

    class Media:
        css = {"all": ["laget/admin_links.css"]}

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token, revoked_by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request, gettext("%(count)d token(s) revoked.") % {"count": len(queryset)}
        )


# Second factors and Django's groups are not managed in the admin, by anyone: django-otp's own
# pages would let an operator add an authenticator to any account, her own included, and groups
# carry Django permissions, which Laget does not use. Second factors are set up through an
# enrolment link and reset with the staff list's action (docs/decisions/0005). The OAuth
# toolkit's applications and tokens are not managed here either: an application made beside a
# system client would have no unit, no scopes and no expiry; clients are registered, rotated and
# revoked on the administrators' page (docs/api.md#system-clients).
for _model in (
    TOTPDevice,
    StaticDevice,
    Group,
    Application,
    AccessToken,
    RefreshToken,
    Grant,
    IDToken,
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
