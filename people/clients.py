"""System clients: integrations registered by a municipal administrator for one unit of their
municipality (docs/api.md, "System clients").

A client gets OAuth 2.0 access tokens with the client credentials grant at /api/oauth/token/
(django-oauth-toolkit) and uses them as bearer tokens on /api/v1/. It acts through its own user
(`SystemClient.user`): no password, no log-in, and a professional's membership in the unit that
ends when the client expires or is revoked. So the access helpers treat it as a member of the
unit who is on no team (it sees what the unit's concerns let a member see), its scopes limit it
further (read does not write), and every access event has it as actor, named `client:<id>`.

Rotation replaces the secret at once and revokes the access tokens issued so far: rotating is
what one does when a secret may have leaked, and an overlap would leave the leak open. The
integration fetches a new token with the new secret (docs/api.md).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from audit.models import Action
from audit.services import access_event_record
from people.models import ApiToken, Membership, Role, SystemClient, User
from people.selectors import memberships_forget, municipalities_administered
from people.tokens import DAYS_MAX, PREFIX, api_token_live, credential_checked
from units.models import Unit

USERNAME_PREFIX = "client:"


def _record(*, client: SystemClient, actor: User, action: Action, purpose: str) -> None:
    access_event_record(
        actor=actor,
        action=action,
        object_type="system_client",
        object_id=client.pk,
        municipality=client.municipality,
        purpose=purpose,
        detail={
            "client": client.application.client_id,
            "name": client.name,
            "unit": str(client.unit_id),
            "scopes": client.scopes,
            "expires_at": client.expires_at.isoformat(),
        },
    )


def units_for_clients(*, admin: User) -> QuerySet[Unit]:
    """The active units of the municipalities the user administers, by name."""
    return (
        Unit.objects.filter(
            municipality__in=municipalities_administered(user=admin), is_active=True
        )
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def system_clients_of_admin(*, admin: User) -> QuerySet[SystemClient]:
    """The clients of the municipalities the user administers (none for anyone else)."""
    return (
        SystemClient.objects.filter(municipality__in=municipalities_administered(user=admin))
        .select_related("application", "unit", "municipality")
        .order_by("municipality__name", "name", "pk")
    )


def system_client_of_admin(*, admin: User, client_id: int) -> SystemClient:
    """One client of a municipality the user administers; anyone else's, or a missing one, is
    404 alike."""
    client = system_clients_of_admin(admin=admin).filter(pk=client_id).first()
    if client is None:
        raise Http404
    return client


@transaction.atomic
def system_client_register(
    *,
    admin: User,
    unit: Unit,
    name: str,
    scopes: Iterable[str],
    days: int,
) -> tuple[SystemClient, str]:
    """A new client for a unit of a municipality the admin administers: the client and its
    secret, which is never shown again. ValidationError for a bad name, scopes or lifetime;
    Http404 for a unit outside the admin's municipalities. Audited."""
    if not units_for_clients(admin=admin).filter(pk=unit.pk).exists():
        raise Http404
    name, chosen = credential_checked(
        name=name,
        scopes=scopes,
        days=days,
        lifetime=_("A client lives from 1 to %(max)d days.") % {"max": DAYS_MAX},
    )
    expires_at = timezone.now() + datetime.timedelta(days=days)
    secret = generate_client_secret()
    application = Application(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
        redirect_uris="",
    )
    application.save()
    user = User(
        username=f"{USERNAME_PREFIX}{application.client_id}"[:150],
        first_name=name[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    application.user = user
    application.save(update_fields=["user"])
    Membership.objects.create(
        user=user,
        municipality=unit.municipality,
        unit=unit,
        role=Role.PROFESSIONAL,
        title=_("System client"),
        ended_on=timezone.localtime(expires_at).date(),
    )
    client = SystemClient.objects.create(
        application=application,
        user=user,
        municipality=unit.municipality,
        unit=unit,
        name=name,
        scopes=" ".join(chosen),
        expires_at=expires_at,
        created_by=admin,
    )
    _record(client=client, actor=admin, action=Action.CREATE, purpose="registering a system client")
    return client, secret


def _locked(client: SystemClient) -> SystemClient:
    return (
        SystemClient.objects.select_for_update()
        .select_related("application", "unit", "municipality", "user")
        .get(pk=client.pk)
    )


@transaction.atomic
def system_client_rotate(*, client: SystemClient, admin: User) -> tuple[SystemClient, str]:
    """A new secret for a live client, valid at once; the old secret and every access token
    issued so far stop working at once. ValidationError for a revoked or expired client."""
    locked = _locked(client)
    if not locked.is_live:
        raise ValidationError(
            _("A revoked or expired client gets no new secret. Register a new client."),
            code="not_live",
        )
    secret = generate_client_secret()
    locked.application.client_secret = secret
    locked.application.save(update_fields=["client_secret"])
    AccessToken.objects.filter(application=locked.application).delete()
    locked.rotated_at = timezone.now()
    locked.save(update_fields=["rotated_at"])
    _record(
        client=locked,
        actor=admin,
        action=Action.UPDATE,
        purpose="rotating a system client's secret",
    )
    return locked, secret


@transaction.atomic
def system_client_revoke(*, client: SystemClient, admin: User) -> SystemClient:
    """Revoke at once: its tokens stop working, it gets no new ones, its membership ends.
    Revoking a revoked client changes and records nothing."""
    locked = _locked(client)
    if locked.revoked_at is not None:
        return locked
    now = timezone.now()
    locked.revoked_at = now
    locked.save(update_fields=["revoked_at"])
    AccessToken.objects.filter(application=locked.application).delete()
    Membership.objects.filter(user=locked.user, ended_on__isnull=False).update(
        ended_on=timezone.localdate(now) - datetime.timedelta(days=1)
    )
    memberships_forget()  # a bulk update sends no signal
    User.objects.filter(pk=locked.user_id).update(is_active=False)
    _record(client=locked, actor=admin, action=Action.UPDATE, purpose="revoking a system client")
    return locked


def client_of_application(application: Application | None) -> SystemClient | None:
    """The system client an OAuth application belongs to; None for none (an application made
    outside `system_client_register`)."""
    if application is None:
        return None
    try:
        client: SystemClient = application.system_client
    except SystemClient.DoesNotExist:
        return None
    return client


def system_client_of_token(*, raw: str) -> tuple[SystemClient, list[str]] | None:
    """The live client behind an unexpired access token and the token's scopes, or None."""
    token = (
        AccessToken.objects.select_related("application__system_client__user")
        .filter(token_checksum=hashlib.sha256(raw.encode()).hexdigest())
        .first()
    )
    if token is None or token.is_expired():
        return None
    client = client_of_application(token.application)
    if client is None or not client.is_live or not client.user.is_active:
        return None
    return client, token.scope.split()


@dataclass(frozen=True)
class Bearer:
    """What a live bearer token is: an API key with its user, or a system client's access token
    with its scopes."""

    token: ApiToken | None = None
    client: SystemClient | None = None
    scopes: list[str] = field(default_factory=list)

    @property
    def user(self) -> User:
        """Who acts: the key's user, or the client's own user (a member of its unit)."""
        if self.token is not None:
            return self.token.user
        assert self.client is not None  # noqa: S101 - a Bearer holds one or the other
        return self.client.user


def bearer_of(request: HttpRequest, raw: str) -> Bearer | None:
    """The live API key or system client behind a bearer token, or None; looked up once per
    request, since the database scope (laget/database_scope.py) and the API's authentication
    both ask. API keys start with `laget_`; the toolkit's access tokens never have an
    underscore, so each kind is looked up only in its own table."""
    cached: tuple[str, Bearer | None] | None = getattr(request, "_laget_bearer", None)
    if cached is not None and cached[0] == raw:
        return cached[1]
    found: Bearer | None = None
    if raw.startswith(PREFIX):
        token = api_token_live(raw=raw)
        found = Bearer(token=token) if token is not None else None
    elif raw:
        client = system_client_of_token(raw=raw)
        found = Bearer(client=client[0], scopes=client[1]) if client is not None else None
    request._laget_bearer = (raw, found)  # type: ignore[attr-defined]
    return found
