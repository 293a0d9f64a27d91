"""Bearer tokens for integrations using the JSON API (/api/v1/).

A token carries its user's rights as they are on each request: memberships, team membership and
consent are checked again every time, exactly as for the pages. On top of that a token is
limited by its scopes (read or write per area of the API) and its expiry. Only a SHA-256 hash of
the token is stored; the token itself is shown once, when it is issued.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Action
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import TOKEN_DAYS_DEFAULT, ApiToken, User
from people.selectors import municipalities_of_user

PREFIX = "laget_"
_SHAPE = re.compile(r"^laget_[A-Za-z0-9_-]{40,64}$")
# `last_used_at` is for spotting forgotten tokens, not an access log (the access events are):
# writing it at most once a minute keeps a busy integration from writing on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)

# The areas of /api/v1/ (config/api_v1.py gives each route one); a GET needs "<area>:read",
# every other method "<area>:write". Write does not imply read: an integration that only
# posts log entries cannot read the log.
AREAS = ("children", "concerns", "teams", "consents", "plans")
READ, WRITE = "read", "write"
ALL_SCOPES = tuple(f"{area}:{kind}" for area in AREAS for kind in (READ, WRITE))
READ_SCOPES = tuple(f"{area}:{READ}" for area in AREAS)
DAYS_DEFAULT = TOKEN_DAYS_DEFAULT
DAYS_MAX = 365


_AREA_NAMES = {
    "children": gettext_lazy("children"),
    "concerns": gettext_lazy("concerns"),
    "teams": gettext_lazy("teams, log, meetings and tasks"),
    "consents": gettext_lazy("consents"),
    "plans": gettext_lazy("plans"),
}


def scope_choices() -> list[tuple[str, str]]:
    """Every scope with a label for forms, e.g. ("teams:read", "Read: teams, log, …")."""
    choices = []
    for area in AREAS:
        choices.append((f"{area}:{READ}", _("Read: %(area)s") % {"area": _AREA_NAMES[area]}))
        choices.append((f"{area}:{WRITE}", _("Write: %(area)s") % {"area": _AREA_NAMES[area]}))
    return choices


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def scope_for(*, area: str, method: str) -> str:
    """The scope a request needs: reading for GET and HEAD, writing for everything else."""
    return f"{area}:{READ if method in ('GET', 'HEAD') else WRITE}"


def scopes_parse(value: str | Iterable[str]) -> list[str]:
    """Known scopes in a fixed order, from "teams:read,plans:write" or a list; ValidationError
    naming what is unknown. `all` and `read` are shorthands."""
    words = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    chosen: set[str] = set()
    for word in words:
        if word == "all":
            chosen.update(ALL_SCOPES)
        elif word == READ:
            chosen.update(READ_SCOPES)
        elif word in ALL_SCOPES:
            chosen.add(word)
        else:
            raise ValidationError(
                _("Unknown scope %(scope)s. Known scopes: %(known)s, or all, or read."),
                code="unknown_scope",
                params={"scope": word, "known": ", ".join(ALL_SCOPES)},
            )
    if not chosen:
        raise ValidationError(_("Give the token at least one scope."), code="no_scope")
    return [scope for scope in ALL_SCOPES if scope in chosen]


def _home_municipality(user: User) -> Municipality | None:
    # Token events go on the chain of the user's first municipality, so its administrators see
    # them; users without one go on the national chain.
    return municipalities_of_user(user=user).first()


def _record(
    *, token: ApiToken, actor: User | None, label: str, action: Action, purpose: str
) -> None:
    access_event_record(
        actor=actor,
        actor_label=None if actor is not None else label,
        action=action,
        object_type="api_token",
        object_id=token.pk,
        municipality=_home_municipality(token.user),
        purpose=purpose,
        detail={
            "user": token.user.get_username(),
            "name": token.name,
            "scopes": token.scopes,
            "expires_at": token.expires_at.isoformat(),
        },
    )


def credential_checked(
    *, name: str, scopes: Iterable[str], days: int, lifetime: str
) -> tuple[str, list[str]]:
    """The name (stripped) and the known scopes of a new API key or system client;
    ValidationError for an empty or too long name, unknown scopes or a lifetime outside
    1–`DAYS_MAX` days (`lifetime` says the limit in the caller's words)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError(
            {"name": _("The name must be 1 to 100 characters.")}, code="invalid_name"
        )
    if not 1 <= days <= DAYS_MAX:
        raise ValidationError({"days": lifetime}, code="invalid_days")
    return name, scopes_parse(list(scopes))


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    days: int = DAYS_DEFAULT,
    issued_by: User | None = None,
    issued_by_label: str = "",
) -> tuple[ApiToken, str]:
    """A new token for the user: the stored row and the token, which is never shown again.

    Raises ValidationError for an inactive user, an empty or too long name, unknown scopes or a
    lifetime outside 1–365 days. Audited in the same transaction."""
    if not user.is_active:
        raise ValidationError(_("%(user)s is not an active user.") % {"user": user.username})
    name, chosen = credential_checked(
        name=name,
        scopes=scopes,
        days=days,
        lifetime=_("A token lives from 1 to %(max)d days.") % {"max": DAYS_MAX},
    )
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=token_hash(raw),
        scopes=" ".join(chosen),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    _record(
        token=token,
        actor=issued_by,
        label=issued_by_label or "issue_api_token",
        action=Action.CREATE,
        purpose="issuing an API token",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, revoked_by: User | None = None, revoked_by_label: str = ""
) -> ApiToken:
    """Revoke at once: the next request with the token gets 401. Audited; revoking a revoked
    token changes and records nothing."""
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        _record(
            token=locked,
            actor=revoked_by,
            label=revoked_by_label or "issue_api_token",
            action=Action.UPDATE,
            purpose="revoking an API token",
        )
    return locked


def api_tokens_revoke_all(*, user: User, revoked_by: User | None, reason: str) -> int:
    """Revoke every unrevoked token of the user, each audited. Must run inside the caller's
    transaction (it is a step of ending all sessions or deactivating)."""
    tokens = list(
        ApiToken.objects.select_for_update()
        .select_related("user")
        .filter(user=user, revoked_at__isnull=True)
        .order_by("created_at")
    )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        _record(
            token=token,
            actor=revoked_by,
            label="laget",
            action=Action.UPDATE,
            purpose=f"revoking an API token: {reason}",
        )
    return len(tokens)


def api_tokens_live(*, user: User, name: str = "") -> list[ApiToken]:
    tokens = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("created_at")
    return list(tokens.filter(name=name) if name else tokens)


def api_token_of_user(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's, or a missing one, is 404 alike."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    return token


def api_tokens_of_user(*, user: User) -> QuerySet[ApiToken]:
    """All the user's tokens, newest first, for their own page (revoked and expired included,
    so they can see what happened)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_live(*, raw: str) -> ApiToken | None:
    """The live token (unrevoked, unexpired, its user active) with its user, or None, without
    noting its use."""
    if not _SHAPE.match(raw):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=token_hash(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def api_token_used(token: ApiToken) -> None:
    """Note that a live token was used (at most once a minute, `LAST_USED_PRECISION`)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
