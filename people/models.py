"""Staff users, their memberships in units and municipalities, and their roles."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. Children, young people and guardians are not users of this kind."""

    # Part of every session's auth hash: a new value ends all of the user's sessions at once.
    session_token = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers the password; adding the session token makes
        # "log out everywhere" possible without changing the password.
        return salted_hmac(
            "people.User.get_session_auth_hash",
            f"{self.password}:{self.session_token}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def is_verified(self) -> bool:
        """Whether this session passed the second factor. django-otp's OTPMiddleware replaces
        this on each request's user; outside a request nobody is verified."""
        return False

    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")
    # The municipality's management (kommunalsjef, rådmann): the municipality's figures against
    # the county and the country, in aggregate only; no child's information comes with it.
    MUNICIPAL_LEADER = "municipal_leader", _("Municipal leader")
    # The administrator of an organisation that is not a municipality (a county authority, a
    # health trust, a state agency, a body with an agreement): its units and their staff in the
    # admin, nothing of any municipality's, and no child's information.
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation administrator")


UNIT_ROLES = (Role.PROFESSIONAL, Role.UNIT_LEADER)
# Roles held in a municipality as a whole, without a unit.
MUNICIPAL_ROLES = (Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_LEADER)
# Held in an organisation as a whole, without a unit or a municipality.
ORGANISATION_ROLES = (Role.ORGANISATION_ADMIN,)

# Where each role is held: a unit (and the municipality it sits in), a municipality, or an
# organisation that is not a municipality.
ROLE_PLACE = (
    (Q(role__in=UNIT_ROLES) & Q(unit__isnull=False) & Q(municipality__isnull=False))
    & Q(organisation__isnull=True)
    | (Q(role__in=MUNICIPAL_ROLES) & Q(unit__isnull=True) & Q(municipality__isnull=False))
    & Q(organisation__isnull=True)
    | (Q(role__in=ORGANISATION_ROLES) & Q(unit__isnull=True) & Q(municipality__isnull=True))
    & Q(organisation__isnull=False)
)


class Membership(models.Model):
    """A user's role in a unit (professional, unit leader) or a municipality (administrator,
    leader)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    # The unit's municipality, or the municipality held; none for an organisation's role.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "units.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
        help_text=_("Only for an organisation administrator."),
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "unit__name", "user__last_name"]
        constraints = [
            models.CheckConstraint(condition=ROLE_PLACE, name="membership_place_matches_role"),
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(unit__isnull=False),
                name="unique_unit_membership",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=Q(unit__isnull=True, municipality__isnull=False),
                name="unique_municipal_membership",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="unique_organisation_membership",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        where = self.unit or self.organisation or self.municipality
        return f"{self.user} – {self.get_role_display()} – {where}"


class AnalystAccess(models.Model):
    """A state or regional analyst (Statsforvalter, directorate): aggregates only, never a person.

    Without a county the analyst sees national aggregates.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="analyst_access", verbose_name=_("user")
    )
    county = models.ForeignKey(
        "municipalities.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("county"),
        help_text=_("Leave empty for national access."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)

    class Meta:
        verbose_name = _("analyst access")
        verbose_name_plural = _("analyst access")

    def __str__(self) -> str:
        return f"{self.user} – {self.county or _('national')}"


class EnrolmentInvitation(models.Model):
    """A one-time link with which a person sets their own password and second factor.

    Only the SHA-256 hash of the link's token is kept; the link itself is e-mailed to the user or
    shown once to the administrator who issued it. It expires, works once, and a newer link for
    the same user revokes it (docs/decisions/0005-second-factor-enrolment.md)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrolment_invitations",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    # Null when an operator issued it from the command line (the access event names them).
    issued_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%Y-%m-%d %H:%M}"

    def is_open(self) -> bool:
        """Not used, not revoked and not expired."""
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


# A token's lifetime when nobody says otherwise (people.tokens checks the maximum).
TOKEN_DAYS_DEFAULT = 90


def _token_expiry_default() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=TOKEN_DAYS_DEFAULT)


class ApiToken(models.Model):
    """A bearer token for an integration, acting with its user's rights as they are on each
    request. Only the SHA-256 hash of the token is kept; the token is shown once, when issued."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the integration.")
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    # Space-separated "area:read" / "area:write" (people.tokens.ALL_SCOPES), as in OAuth 2.
    scopes = models.CharField(_("scopes"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_token_expiry_default)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class MembershipRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class MembershipRequest(models.Model):
    """A membership one administrator asks for and another approves (separation of duties,
    docs/decisions/0004-separation-of-duties.md). Access checks read `Membership` only, which is
    created when the request is approved: a pending or refused request gives no access at all."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("user"),
    )
    # The unit's municipality, or the municipality held; none for an organisation's role.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_requests",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "units.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_requests",
        verbose_name=_("organisation"),
        help_text=_("Only for an organisation administrator."),
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_requests",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipRequestStatus.choices,
        default=MembershipRequestStatus.PENDING,
    )
    # Null only for rows the demo seed writes (the label says who then).
    requested_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by_label = models.CharField(_("decided by (name)"), max_length=150, blank=True)
    membership = models.OneToOneField(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("membership"),
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=ROLE_PLACE, name="membership_request_place_matches_role"
            ),
        ]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")

    def __str__(self) -> str:
        where = self.unit or self.organisation or self.municipality
        return f"{self.user} – {self.get_role_display()} – {where}"

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipRequestStatus.PENDING


class SystemClient(models.Model):
    """An integration registered by a municipal administrator for one unit of the municipality:
    an OAuth 2.0 client (client credentials, django-oauth-toolkit's `Application`) that acts
    with the rights of a member of that unit, within its scopes and until it expires
    (people/clients.py, docs/api.md). It acts through its own user, which is never a person: no
    password, no log-in, a professional's membership in the unit that ends with the client. So
    the access helpers need nothing new, and every access event names the client as actor."""

    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.PROTECT,
        related_name="system_client",
        verbose_name=_("OAuth client"),
    )
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="system_client", verbose_name=_("acts as")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="system_clients",
        verbose_name=_("municipality"),
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="system_clients",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=100)
    # Space-separated "area:read" / "area:write" (people.tokens.ALL_SCOPES), as for tokens.
    scopes = models.CharField(_("scopes"), max_length=400)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    rotated_at = models.DateTimeField(_("new secret"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("system client")
        verbose_name_plural = _("system clients")

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
