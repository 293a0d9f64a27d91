"""Reads: the rights engine's answer for one age, domain and action, and the age-limit table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from municipalities.models import Municipality
from rights.models import LocalPractice, ReviewKind, ReviewStatus, RuleChangeDate, RuleReview
from rights.table import (
    TABLE,
    Action,
    ChangeDates,
    Decider,
    Domain,
    LawChange,
    Party,
    Rule,
    Statute,
    Weight,
    whole_years,
)
from units.models import Sector

# Which area of law a unit's consent to share falls under, by the unit's sector.
SECTOR_DOMAINS: dict[str, Domain] = {
    Sector.HEALTH_STATION: Domain.HEALTH,
    Sector.MENTAL_HEALTH: Domain.HEALTH,
    Sector.SPECIALIST_BUP: Domain.HEALTH,
    Sector.CHILD_WELFARE: Domain.CHILD_WELFARE,
    Sector.KINDERGARTEN: Domain.EDUCATION,
    Sector.PRIMARY_SCHOOL: Domain.EDUCATION,
    Sector.LOWER_SECONDARY: Domain.EDUCATION,
    Sector.UPPER_SECONDARY: Domain.EDUCATION,
    Sector.PPT: Domain.EDUCATION,
    Sector.FOLLOW_UP_SERVICE: Domain.EDUCATION,
    Sector.APPRENTICESHIP: Domain.EDUCATION,
    Sector.STATPED: Domain.EDUCATION,
    Sector.NAV: Domain.NAV,
    Sector.FAMILY_COUNSELLING: Domain.FAMILY_LAW,
}


def domain_of_sector(sector: str) -> Domain:
    """Other sectors (culture, police, refugee service, …) share under the general rule for
    personal data in family law."""
    return SECTOR_DOMAINS.get(sector, Domain.FAMILY_LAW)


class NoRuleError(LookupError):
    """The table has no rule for this domain and action (some domains cover fewer actions)."""


@dataclass(frozen=True)
class Deviation:
    """A municipality's local practice next to the national rule it differs from."""

    municipality: Municipality
    rule: Rule
    practised_age: int
    note: str
    source: str
    recorded_at: datetime.datetime
    # True when the local practice would give another answer than the national rule at the
    # age asked about, i.e. the age lies between the practised age and the rule's own limit.
    affects_this_age: bool = False

    @property
    def national_age(self) -> int:
        return self.rule.age_from


@dataclass(frozen=True)
class RightsAnswer:
    age: int
    domain: Domain
    action: Action
    rule: Rule
    table_version: str
    deviations: tuple[Deviation, ...] = field(default=())

    @property
    def decides(self) -> Decider:
        return self.rule.decides

    @property
    def asked(self) -> tuple[Party, ...]:
        return self.rule.asked

    @property
    def informed(self) -> tuple[Party, ...]:
        return self.rule.informed

    @property
    def weight(self) -> Weight:
        return self.rule.weight

    @property
    def statutes(self) -> tuple[Statute, ...]:
        return self.rule.statutes

    @property
    def verified(self) -> bool:
        return self.rule.verified

    @property
    def explanation_nb(self) -> str:
        return self.rule.explanation_nb

    @property
    def explanation_en(self) -> str:
        return self.rule.explanation_en

    @property
    def explanation(self) -> str:
        """In the child's voice: for the portal and the public pages."""
        return self.rule.explanation

    @property
    def professional_explanation(self) -> str:
        """In a professional's voice: for staff pages."""
        return self.rule.professional_explanation


@dataclass(frozen=True)
class DomainRules:
    domain: Domain
    rules: list[Rule]


def age_on(birth_date: datetime.date, on_date: datetime.date) -> int:
    """Age in whole years on `on_date`. Someone born on 29 February has their birthday on
    1 March in years without a 29 February: on 28 February the day has not yet come."""
    if on_date < birth_date:
        raise ValueError("on_date is before birth_date")
    return whole_years(birth_date, on_date)


def actions_for(*, domain: Domain | str) -> list[Action]:
    """The actions the table answers for a domain."""
    return TABLE.actions_of(Domain(domain))


def _deviations(
    *, municipality: Municipality | None, rules: list[Rule], age: int | None = None
) -> list[Deviation]:
    if municipality is None:
        return []
    by_id = {rule.id: rule for rule in rules}
    practices = LocalPractice.objects.filter(municipality=municipality, rule_id__in=list(by_id))
    found = []
    for practice in practices:
        rule = by_id[practice.rule_id]
        low, high = sorted((practice.practised_age, rule.age_from))
        found.append(
            Deviation(
                municipality=municipality,
                rule=rule,
                practised_age=practice.practised_age,
                note=practice.note,
                source=practice.source,
                recorded_at=practice.recorded_at,
                affects_this_age=age is not None and low <= age < high,
            )
        )
    return found


def change_dates(*, keys: list[str] | None = None) -> dict[str, datetime.date | None]:
    """The date each change in the law enters into force: the rule files' own, or for an
    adopted change without one, what a national administrator recorded. One query, none when
    `keys` names no change that needs one."""
    dates = TABLE.file_dates()
    undated = [key for key in TABLE.undated_changes() if keys is None or key in keys]
    if undated:
        recorded = RuleChangeDate.objects.filter(change_id__in=undated).values_list(
            "change_id", "in_force_from"
        )
        dates.update(dict(recorded))
    return dates


def _pair_dates(domain: Domain, action: Action) -> ChangeDates:
    """The changes' dates the rules of one domain and action need (a query only when one of
    them names an adopted change without a date in the files)."""
    keys = [
        key
        for rule in TABLE.for_pair(domain, action)
        for key in (rule.change, rule.ends_with_change)
        if key
    ]
    return change_dates(keys=keys) if keys else TABLE.file_dates()


def rights_for(
    *,
    age: int,
    domain: Domain | str,
    action: Action | str,
    municipality: Municipality | None = None,
    on: datetime.date | None = None,
    dates: ChangeDates | None = None,
) -> RightsAnswer:
    """The national rule's answer for a child of `age` whole years on the date `on` (default
    today). A municipality's local practice for the same domain and action is returned beside
    it as a deviation and never changes the answer. `dates` (from `change_dates`) saves the
    query for the changes' dates when many answers are asked for at once."""
    if age < 0:
        raise ValueError("age must be 0 or more")
    domain, action = Domain(domain), Action(action)
    on = on or timezone.localdate()
    if dates is None:
        dates = _pair_dates(domain, action)
    rule = TABLE.find(domain, action, age, on=on, dates=dates)
    if rule is None:
        raise NoRuleError(f"no rule for {domain} / {action} on {on.isoformat()}")
    deviations = _deviations(
        municipality=municipality,
        rules=[rule for rule in TABLE.for_pair(domain, action) if rule.in_force_on(on, dates)],
        age=age,
    )
    return RightsAnswer(
        age=age,
        domain=domain,
        action=action,
        rule=rule,
        table_version=TABLE.version,
        deviations=tuple(deviations),
    )


def age_limits_table(
    *,
    domain: Domain | str | None = None,
    on: datetime.date | None = None,
    dates: ChangeDates | None = None,
) -> list[DomainRules]:
    """The table in force on a date (default today) for the age-limit page: by domain, then by
    action and age."""
    domains = [Domain(domain)] if domain else TABLE.domains()
    order = list(Action)
    in_force = TABLE.in_force(
        on or timezone.localdate(), change_dates() if dates is None else dates
    )
    return [
        DomainRules(
            domain=each,
            rules=sorted(
                (rule for rule in in_force if rule.domain == each),
                key=lambda rule: (order.index(rule.actions[0]), rule.age_from),
            ),
        )
        for each in domains
    ]


@dataclass(frozen=True)
class ChangeView:
    """A change in the law for the pages: its status on a date and the rules it brings."""

    change: LawChange
    in_force_from: datetime.date | None
    in_force: bool
    rules: list[Rule]

    @property
    def adopted(self) -> bool:
        return self.change.adopted


def law_changes(
    *, on: datetime.date | None = None, dates: ChangeDates | None = None
) -> list[ChangeView]:
    """Every change the table records, those not yet in force first (by date, unknown last),
    then those in force (newest first)."""
    on = on or timezone.localdate()
    dates = change_dates() if dates is None else dates
    views = [
        ChangeView(
            change=change,
            in_force_from=dates.get(key),
            in_force=(when := dates.get(key)) is not None and when <= on,
            rules=[rule for rule in TABLE.rules if rule.change == key],
        )
        for key, change in TABLE.changes.items()
    ]
    upcoming = sorted(
        (view for view in views if not view.in_force),
        key=lambda view: (not view.adopted, view.in_force_from or datetime.date.max),
    )
    done = sorted(
        (view for view in views if view.in_force),
        key=lambda view: view.in_force_from or datetime.date.min,
        reverse=True,
    )
    return upcoming + done


def table_deviations(*, municipality: Municipality | None) -> dict[str, Deviation]:
    """The municipality's local practices by the id of the rule they differ from (any date)."""
    return {
        deviation.rule.id: deviation
        for deviation in _deviations(municipality=municipality, rules=list(TABLE.rules))
    }


def table_version() -> str:
    return TABLE.version


def table_updated_on() -> datetime.date:
    """The date the table's version names ("2026-12-01.1" → 1 December 2026), for people."""
    return datetime.date.fromisoformat(TABLE.version.split(".", 1)[0])


def rule_choices() -> list[tuple[str, str]]:
    """Every rule as (id, a short description) for choosing one in a form."""
    return [
        (
            rule.id,
            f"{rule.id} – {rule.domain.label}: {', '.join(rule.action_labels)} ({rule.ages_label})",
        )
        for rule in TABLE.rules
    ]


def review_rule_choices() -> list[tuple[str, str]]:
    """Every rule as (id, plain words) for a rule editor's form: area, actions, ages, and when
    a dated rule enters into force."""
    choices = []
    for rule in sorted(TABLE.rules, key=lambda rule: (rule.domain.label, rule.id)):
        label = f"{rule.domain.label}: {', '.join(rule.action_labels)} ({rule.ages_label})"
        if rule.change:
            label += " – " + TABLE.changes[rule.change].title
        elif rule.in_force_until:
            label += " – " + gettext("until %(date)s") % {
                "date": date_format(rule.in_force_until, "DATE_FORMAT")
            }
        choices.append((rule.id, label))
    return choices


def reviews_open() -> list[RuleReview]:
    """The proposals waiting for a second rule editor, oldest first."""
    return list(
        RuleReview.objects.filter(status=ReviewStatus.PROPOSED)
        .select_related("recorded_by")
        .order_by("recorded_at")
    )


def rule_reviews_approved() -> dict[str, RuleReview]:
    """For each rule, its latest approved review (not corrections), for the age-limit page.
    One query."""
    latest: dict[str, RuleReview] = {}
    approved = RuleReview.objects.filter(
        status=ReviewStatus.APPROVED, kind=ReviewKind.REVIEWED
    ).order_by("rule_id", "-read_on", "-decided_at")
    for review in approved:
        latest.setdefault(review.rule_id, review)
    return latest


HISTORY_PAGE_SIZE = 50


def table_history(*, page: str | int | None = None) -> Page[RuleReview]:
    """The decided proposals, newest decision first, a page at a time (who proposed and
    decided is not read)."""
    decided = (
        RuleReview.objects.exclude(status=ReviewStatus.PROPOSED)
        .defer("recorded_by", "decided_by")
        .order_by("-decided_at", "pk")
    )
    return Paginator(decided, HISTORY_PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class TableState:
    """The table's version for people, in words: the date of the rule files, and how many
    reviews have been approved (the counter that moves with each approval)."""

    files_updated_on: datetime.date
    approved: int
    last_decided_on: datetime.date | None


def table_state() -> TableState:
    decided = RuleReview.objects.filter(status=ReviewStatus.APPROVED).aggregate(
        count=Count("pk"), last=Max("decided_at")
    )
    last = decided["last"]
    return TableState(
        files_updated_on=table_updated_on(),
        approved=decided["count"],
        last_decided_on=timezone.localdate(last) if last else None,
    )
