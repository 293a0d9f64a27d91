"""Recording the programme: field errors and nothing written on bad input (NUL bytes,
negative amounts, a period that ends before it starts …), one audit event per write."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from grants.models import Grant, GrantReport, GrantStatus
from grants.selectors import SMALL_GRANT, grants_aggregates, programme_view
from grants.services import AMOUNT_MAX, grant_record, grant_report_done
from grants.tests.conftest import PORSGRUNN, SKIEN, leader_of
from tests.factories import UnitFactory, municipality

START = datetime.date(2026, 1, 1)
END = datetime.date(2027, 12, 31)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def record(actor, schemes, **fields):
    values = {
        "actor": actor,
        "municipality": municipality(PORSGRUNN),
        "scheme": schemes["bufdir-inkludering-barn-unge"],
        "status": GrantStatus.GRANTED,
        "amount_applied": 400_000,
        "amount_granted": 300_000,
        "period_start": START,
        "period_end": END,
        "measures": "Åpen møteplass\nLos for elever med høyt fravær",
        "units": [],
        "report_dates": [datetime.date(2028, 1, 31)],
    }
    return grant_record(**{**values, **fields})


def test_recording_a_grant_writes_it_its_reports_and_one_event(leader, schemes, school):
    before = AccessEvent.objects.count()
    grant = record(leader, schemes, units=[school])
    assert list(grant.units.all()) == [school]
    assert [r.due_on for r in grant.reports.all()] == [datetime.date(2028, 1, 31)]
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    assert events[0].action == Action.CREATE
    assert events[0].object_type == "grant"
    assert events[0].child_id is None
    assert events[0].municipality_id == PORSGRUNN
    assert events[0].actor == leader


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount_applied": -1}, "amount_applied", "An amount cannot be negative."),
        ({"amount_granted": -300}, "amount_granted", "An amount cannot be negative."),
        ({"amount_granted": None}, "amount_granted", "Give the amount in whole kroner."),
        ({"amount_applied": AMOUNT_MAX + 1}, "amount_applied", "larger than any grant"),
        (
            {"status": GrantStatus.APPLIED, "amount_granted": 5},
            "amount_granted",
            "Only a granted application has an amount granted.",
        ),
        (
            {"period_end": START - datetime.timedelta(days=1)},
            "period_end",
            "The period cannot end before it starts.",
        ),
        ({"period_end": datetime.date(2040, 1, 1)}, "period_end", "longer than five years"),
        ({"period_start": None}, "period_start", "Give the first day of the period."),
        ({"measures": "Møteplass\x00"}, "measures", ""),
        ({"measures": "x" * 20_001}, "measures", ""),
        ({"measures": "   "}, "measures", "Write the measures"),
        ({"scheme": None}, "scheme", "Choose the scheme."),
        ({"status": "maybe"}, "status", "Choose whether"),
        (
            {"report_dates": [datetime.date(2025, 6, 1)]},
            "report_dates",
            "within the period or the year after",
        ),
    ],
)
def test_bad_input_is_refused_with_a_field_error_and_nothing_written(
    leader, schemes, fields, field, message
):
    before = AccessEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        record(leader, schemes, **fields)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not Grant.objects.exists()
    assert not GrantReport.objects.exists()
    assert AccessEvent.objects.count() == before


def test_units_of_another_municipality_are_refused(leader, schemes):
    elsewhere = UnitFactory(municipality=municipality(SKIEN))
    with pytest.raises(ValidationError) as error:
        record(leader, schemes, units=[elsewhere])
    assert "units" in error.value.message_dict
    assert not Grant.objects.exists()


def test_a_report_is_marked_sent_once(leader, schemes):
    report = record(leader, schemes).reports.get()
    done = grant_report_done(actor=leader, report=report)
    assert done.done_on == timezone.localdate()
    assert AccessEvent.objects.filter(object_type="grant_report", action=Action.UPDATE).count() == 1
    with pytest.raises(ValidationError, match="already"):
        grant_report_done(actor=leader, report=report)
    with pytest.raises(ValidationError, match="future"):
        grant_report_done(
            actor=leader,
            report=report,
            done_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_the_programme_has_one_plan_and_its_reports_as_due_items(leader, schemes, school):
    today = timezone.localdate()
    record(
        leader,
        schemes,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=300),
        report_dates=[today + datetime.timedelta(days=10), today - datetime.timedelta(days=2)],
        units=[school],
    )
    record(
        leader,
        schemes,
        scheme=schemes["helsedir-kommunalt-rusarbeid"],
        status=GrantStatus.APPLIED,
        amount_granted=None,
        measures="Oppsøkende team",
        period_start=today,
        period_end=today + datetime.timedelta(days=365),
        report_dates=[],
    )
    view = programme_view(municipality=municipality(PORSGRUNN))
    assert [row.measure for row in view.plan] == [
        "Åpen møteplass",
        "Los for elever med høyt fravær",
        "Oppsøkende team",
    ]
    assert [(item.overdue, item.due_on) for item in view.due] == [
        (True, today - datetime.timedelta(days=2)),
        (False, today + datetime.timedelta(days=10)),
    ]
    assert view.total_granted == 300_000
    assert view.total_applied == 400_000
    assert view.schemes_used == 1


def test_aggregates_count_schemes_per_municipality_small_grants_and_reports_per_krone(schemes):
    porsgrunn, skien = leader_of(PORSGRUNN), leader_of(SKIEN)
    record(porsgrunn, schemes, amount_granted=SMALL_GRANT - 1, report_dates=[END])
    record(
        porsgrunn,
        schemes,
        scheme=schemes["helsedir-kommunalt-rusarbeid"],
        amount_granted=1_000_000,
        report_dates=[START, END],
    )
    record(
        skien,
        schemes,
        municipality=municipality(SKIEN),
        amount_granted=SMALL_GRANT,
        report_dates=[END],
    )
    # Neither an application nor a refusal counts.
    record(porsgrunn, schemes, status=GrantStatus.APPLIED, amount_granted=None)
    telemark = municipality(PORSGRUNN).county
    result = grants_aggregates(county=telemark)
    by_name = {row.name: row for row in result.places}
    assert set(by_name) == {"Porsgrunn", "Skien"}
    assert by_name["Porsgrunn"].grants == 2
    assert by_name["Porsgrunn"].small == 1
    assert by_name["Porsgrunn"].schemes_per_municipality == 2
    assert by_name["Skien"].small == 0
    assert result.whole.grants == 3
    assert result.whole.reports == 4
    total = SMALL_GRANT - 1 + 1_000_000 + SMALL_GRANT
    assert result.whole.total == total
    assert float(result.whole.reports_per_million) == pytest.approx(4 * 1_000_000 / total)
    assert result.whole.schemes_per_municipality == Decimal("1.5")
    national = grants_aggregates(county=None)
    assert [row.name for row in national.places] == [telemark.name_norwegian]
    assert {row.name for row in national.schemes} == {
        schemes["bufdir-inkludering-barn-unge"].name,
        schemes["helsedir-kommunalt-rusarbeid"].name,
    }
