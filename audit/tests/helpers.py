"""What the audit tests share: reads recorded as an access helper records them."""

from __future__ import annotations

from django.db import transaction

from audit.models import AccessEvent, Action
from audit.services import access_event_record


def reads(place, n: int = 1) -> list[AccessEvent]:
    """`n` reads on `place`'s chain (the national one for None) in one transaction, unsealed
    as a request leaves them."""
    with transaction.atomic():
        return [
            access_event_record(
                actor=None,
                action=Action.READ,
                object_id=i,
                municipality=place,
                purpose="p",
            )
            for i in range(n)
        ]
