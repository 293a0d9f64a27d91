from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextForm, StyledForm
from people.tokens import DAYS_DEFAULT, DAYS_MAX, scope_choices
from units.models import Unit


class LoginForm(CleanTextForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "class": "ds-input"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "ds-input"}),
    )


class TokenForm(CleanTextForm):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code is six digits.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "maxlength": "8",
                "class": "ds-input",
            }
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class EnrolmentForm(SetPasswordForm):
    """The enrolment link's one form: the person's own password and a code from the
    authenticator app they have just added."""

    token = TokenForm.base_fields["token"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Choose a password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters, not too common and not like your name or user name."
        )
        self.fields["new_password2"].label = _("Type the password again")
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["class"] = "ds-input"

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class RecoveryCodeForm(CleanTextForm):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "class": "ds-input"}
        ),
    )

    def clean_recovery_code(self) -> str:
        # Codes are shown in groups of four; spaces, dashes and capitals are forgiven.
        code = "".join(str(self.cleaned_data["recovery_code"]).split()).replace("-", "").lower()
        if not code.isalnum() or len(code) > 16:
            raise forms.ValidationError(_("A recovery code is eight letters and digits."))
        return code


class ApiTokenIssueForm(StyledForm):
    """A new API token on the user's own page: what it is for, what it may do, how long."""

    name = forms.CharField(
        label=_("What the key is for"),
        max_length=100,
        help_text=_("For example the system that will use it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reading does not include writing, and writing does not include reading."),
    )
    days = forms.IntegerField(
        label=_("Days until the key expires"),
        min_value=1,
        max_value=DAYS_MAX,
        initial=DAYS_DEFAULT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()  # type: ignore[attr-defined]


class SystemClientForm(StyledForm):
    """A new system client on the municipal administrator's page: its name, unit, scopes and
    lifetime."""

    name = forms.CharField(
        label=_("Name of the integration"),
        max_length=100,
        help_text=_("For example the system and its vendor."),
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Acts for the unit"), queryset=Unit.objects.none()
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the client may do"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reading does not include writing, and writing does not include reading."),
    )
    days = forms.IntegerField(
        label=_("Days until the client expires"),
        min_value=1,
        max_value=DAYS_MAX,
        initial=DAYS_DEFAULT,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["scopes"].choices = scope_choices()  # type: ignore[attr-defined]
