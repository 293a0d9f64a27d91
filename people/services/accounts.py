"""User accounts: deactivating a user."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from municipalities.models import Municipality
from people.models import Membership, User
from people.selectors import memberships_forget
from people.services._events import _home_municipality
from people.services.sessions import user_sessions_end


@transaction.atomic
def user_deactivate(*, user: User, deactivated_by: User) -> None:
    """Deactivate a user: no log-in, every session ended, every token revoked and every
    membership ended (so that reactivating brings back no access without a second person's
    approval), audited. Nobody deactivates themselves: ask another administrator."""
    if user.pk == deactivated_by.pk:
        raise ValidationError(
            _("You cannot deactivate yourself. Ask another administrator."), code="self"
        )
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    # Memberships count as active through the day they end, so they end yesterday.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = Membership.objects.filter(user=user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=yesterday)
    )
    ended_count = ended.update(ended_on=yesterday)
    memberships_forget()  # a bulk update sends no signal
    user_sessions_end(user=user, ended_by=deactivated_by, reason="user deactivated")
    access_event_record(
        actor=deactivated_by,
        action=Action.ADMIN_UPDATE,
        object_type="people.user",
        object_id=user.pk,
        municipality=_home_municipality(user) or _any_municipality(user),
        purpose="administration",
        detail={
            "user": user.get_username(),
            "change": "deactivated",
            "memberships_ended": ended_count,
        },
    )


def _any_municipality(user: User) -> Municipality | None:
    # A deactivated user has no active membership; their first one still names the chain.
    return Municipality.objects.filter(memberships__user=user).order_by("number").first()
