"""Writing a municipality's grant programme: recording an application or a grant with its
reports, and marking a report sent.

Each write runs in one transaction and writes one `AccessEvent` on the municipality's chain,
with no child: a grant holds no one's personal data. The caller has checked access
(`grants.access`); the services check the input and refuse with field errors, writing
nothing, when it is wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from core.text import TEXT_MAX, text_clean
from grants.models import Grant, GrantReport, GrantStatus, Scheme
from municipalities.models import Municipality
from people.models import User
from units.models import Unit

PURPOSE = "the municipality's grant programme"
# Larger than any state grant to one municipality: a typing mistake, not a grant.
AMOUNT_MAX = 1_000_000_000
# A grant period longer than this is a typing mistake (schemes give up to three or four years).
PERIOD_MAX_DAYS = 5 * 366
# A report may be due up to this long after the period ends.
REPORT_AFTER_DAYS = 366


def _amount(errors: dict[str, str], name: str, value: int | None, *, required: bool) -> None:
    if value is None:
        if required:
            errors[name] = _("Give the amount in whole kroner.")
    elif value < 0:
        errors[name] = _("An amount cannot be negative.")
    elif value > AMOUNT_MAX:
        errors[name] = _("The amount is larger than any grant. Check the number of digits.")


def _audit(actor: User, action: Action, object_type: str, object_id: int, grant: Grant) -> None:
    access_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        municipality=grant.municipality,
        purpose=PURPOSE,
        detail={"grant": grant.pk, "scheme": grant.scheme.key},
    )


@transaction.atomic
def grant_record(
    *,
    actor: User,
    municipality: Municipality,
    scheme: Scheme | None,
    status: str,
    amount_applied: int | None,
    amount_granted: int | None,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    measures: str,
    units: Sequence[Unit],
    report_dates: Sequence[datetime.date],
) -> Grant:
    """An application (status applied or refused) or a grant (granted, with its amount) to
    `scheme` for the period, the measures it finances (one a line), the municipality's units
    that carry them out, and the dates reports are due."""
    errors: dict[str, str] = {}
    if scheme is None:
        errors["scheme"] = _("Choose the scheme.")
    if status not in GrantStatus.values:
        errors["status"] = _("Choose whether it is applied for, granted or refused.")
    _amount(errors, "amount_applied", amount_applied, required=True)
    _amount(errors, "amount_granted", amount_granted, required=status == GrantStatus.GRANTED)
    if (
        status != GrantStatus.GRANTED
        and amount_granted not in (None, 0)
        and "amount_granted" not in errors
    ):
        errors["amount_granted"] = _("Only a granted application has an amount granted.")
    if period_start is None:
        errors["period_start"] = _("Give the first day of the period.")
    if period_end is None:
        errors["period_end"] = _("Give the last day of the period.")
    if period_start and period_end:
        if period_end < period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        elif (period_end - period_start).days > PERIOD_MAX_DAYS:
            errors["period_end"] = _("The period is longer than five years. Check the year.")
    try:
        measures = text_clean(measures, multiline=True, max_length=TEXT_MAX).strip()
    except ValidationError as error:
        errors["measures"] = " ".join(error.messages)
    else:
        if not measures:
            errors["measures"] = _("Write the measures the money finances, one a line.")
    if any(unit.municipality_id != municipality.pk for unit in units):
        errors["units"] = _("Choose units of %(municipality)s.") % {
            "municipality": municipality.name
        }
    if period_start and period_end and "period_end" not in errors:
        latest = period_end + datetime.timedelta(days=REPORT_AFTER_DAYS)
        if any(day < period_start or day > latest for day in report_dates):
            errors["report_dates"] = _("A report is due within the period or the year after it.")
    if errors:
        raise ValidationError(errors)
    assert scheme is not None  # noqa: S101 - checked above
    assert period_start is not None  # noqa: S101 - checked above
    assert period_end is not None  # noqa: S101 - checked above
    assert amount_applied is not None  # noqa: S101 - checked above
    grant = Grant.objects.create(
        municipality=municipality,
        scheme=scheme,
        status=status,
        amount_applied=amount_applied,
        amount_granted=amount_granted if status == GrantStatus.GRANTED else None,
        period_start=period_start,
        period_end=period_end,
        measures=measures,
        created_by=actor,
        created_at=timezone.now(),
    )
    grant.units.set(units)
    GrantReport.objects.bulk_create(
        GrantReport(grant=grant, due_on=day) for day in sorted(set(report_dates))
    )
    _audit(actor, Action.CREATE, "grant", grant.pk, grant)
    return grant


@transaction.atomic
def grant_report_done(
    *, actor: User, report: GrantReport, done_on: datetime.date | None = None
) -> GrantReport:
    """Mark a report sent (today, or the day given, not in the future)."""
    locked = (
        GrantReport.objects.select_for_update()
        .select_related("grant__municipality", "grant__scheme")
        .get(pk=report.pk)
    )
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The day it was sent cannot be in the future.")})
    if locked.done_on is not None:
        raise ValidationError({"report": _("The report is marked sent already.")})
    locked.done_on = done_on
    locked.save(update_fields=["done_on"])
    _audit(actor, Action.UPDATE, "grant_report", locked.pk, locked.grant)
    return locked
