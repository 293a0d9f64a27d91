"""Search quality for young people's words of danger and of everyday life.

Each query runs on the demo directory as a young person would send it from the search page: with
no place, with the municipality's name ("Porsgrunn") or with a postcode ("3916", resolved
through the postcode register), and with or without "I am young". A right answer is one of the
services named (by part of the name) in the top five. Whenever the searcher is young or writes
about themself ("jeg", "meg", "eg"), no service for younger children – a kindergarten's, the
health station for 0–5 – may be in those five.

Two tables, kept apart from the general one in test_search_quality.py:

- QUERIES (the tuning set): the thesaurus and the ranking were changed until every one of them
  passed, on PostgreSQL and on SQLite. They are asserted.
- HELD_OUT: written down before the tuning began and never tuned on – no thesaurus phrase or
  weight was added for them. They measure how the search does on words nobody prepared it for.
  Each runs as its own case and is reported; one that fails is marked xfail (not asserted), so
  the score stays honest. The score at the time of writing is in docs/directory.md.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from django.db import transaction

from directory.demo import demo_directory_seed
from directory.selectors import SearchFilters, service_search
from municipalities.selectors import place_resolve
from tests.factories import municipality, postal_codes

TOP = 5
NONE, TOWN, POSTCODE = None, "Porsgrunn", "3916"
# The searcher's age at least, for the check that no service for younger children comes up.
YOUNG_AGE, SELF_AGE = 13, 6


class Case(NamedTuple):
    query: str
    place: str | None  # as typed in "Where do you live?"; None: not given
    young: bool  # "I am young" chosen
    expected: tuple[str, ...]  # one of these (parts of service names) in the top five

    @property
    def id(self) -> str:
        return f"{self.query}|{self.place or 'no place'}|{'young' if self.young else 'anyone'}"


ALARM = "Alarmtelefonen"
VIOLENCE_HELP = (ALARM, "Barnevernvakt", "Krisesenteret", "Meld bekymring", "Vold- og overgreps")
TALK = ("Kors på halsen", "Samtaletilbud", "Hjelpetelefonen", "Kirkens SOS")

QUERIES = (
    # Danger and violence
    Case("jeg blir slått hjemme", TOWN, False, (ALARM,)),
    Case("jeg blir slått hjemme", TOWN, True, (ALARM,)),
    Case("jeg blir slått hjemme", POSTCODE, True, (ALARM,)),
    Case("jeg blir slått hjemme", NONE, True, (ALARM,)),
    Case("pappa slår meg", TOWN, True, VIOLENCE_HELP),
    Case("pappa slår meg", NONE, False, (ALARM,)),
    Case("eg blir slått heime", TOWN, True, (ALARM,)),
    Case("my dad hits me", NONE, True, (ALARM,)),
    Case("kjæresten slo meg", TOWN, True, ("Krisesenteret", "Dinutvei", ALARM)),
    Case("voldtatt", POSTCODE, True, ("Vold- og overgreps", "Legevakt", "Krisesenteret")),
    Case("nakenbilder", NONE, True, (ALARM, "Vold- og overgreps", "Dinutvei")),
    Case("redd for å gå hjem", TOWN, True, (ALARM, "Barnevernvakt")),
    Case("kastet ut hjemmefra", TOWN, True, ("Hjelp til bolig", "Barnevernvakt", ALARM)),
    Case("vil ikke leve", TOWN, True, ("Hjelpetelefonen", "Akutteam", "Legevakt")),
    Case("vil ikke leve", NONE, True, ("Hjelpetelefonen", "Kirkens SOS")),
    Case("kutter meg", POSTCODE, True, ("Samtaletilbud", "Akutteam", "Hjelpetelefonen")),
    # Feelings
    Case("deppa", NONE, True, TALK),
    Case("deppa", TOWN, True, ("Samtaletilbud",)),
    Case("kjærlighetssorg", NONE, True, TALK),
    Case("kjærlighetssorg", TOWN, True, ("Samtaletilbud", "Kors på halsen", "helsesykepleier")),
    Case("dumpet av kjæresten", TOWN, True, ("Samtaletilbud", "Kors på halsen")),
    Case("panikkanfall", POSTCODE, True, ("Samtaletilbud", "Kurs i mestring", "Kommunepsykolog")),
    Case("stressa", TOWN, False, ("Samtaletilbud", "Kurs i mestring", "helsesykepleier")),
    Case("ensom", NONE, True, ("Kors på halsen",)),
    Case("ingen venner", TOWN, True, ("Fritidsklubben", "Kors på halsen")),
    Case("spiseforstyrrelse", TOWN, True, ("helsesykepleier", "Helsestasjon for ungdom", "BUP")),
    # School, bullying
    Case("mobbing", NONE, True, ("Kors på halsen",)),
    Case("mobbing", TOWN, True, ("Miljøterapeut", "Elevtjenesten", "helsesykepleier")),
    Case("nettmobbing", POSTCODE, True, ("Miljøterapeut", "Elevtjenesten", "Kors på halsen")),
    Case("skulker", TOWN, True, ("Ungdomslos", "Oppfølgingstjenesten", "Elevtjenesten")),
    # Body, sex, substances
    Case("gravid", POSTCODE, True, ("Jordmor", "Helsestasjon for ungdom")),
    Case("prevensjon", TOWN, True, ("Helsestasjon for ungdom",)),
    Case("skeiv", NONE, True, ("ung.no",)),
    Case("hasj", NONE, True, ("RUSinfo",)),
    Case("drikker for mye", TOWN, True, ("Ruskonsulent", "RUSinfo")),
    # Money, home, work
    Case("bostøtte", TOWN, True, ("Hjelp til bolig", "Økonomisk")),
    Case("trenger penger", TOWN, True, ("Økonomisk",)),
    Case("trenger jobb", POSTCODE, True, ("Ungdomsveileder",)),
    Case("foreldrene skal skille seg", TOWN, True, ("skilte foreldre", "Mekling", "Familievernet")),
    Case("tannlege", TOWN, True, ("Tannhelsetjenesten",)),
)

HELD_OUT = (
    Case("stefaren min slår meg", TOWN, True, VIOLENCE_HELP),
    Case("noen tvinger meg til å gifte meg", NONE, True, (ALARM, "Vold- og overgreps", "Dinutvei")),
    Case("jeg gruer meg til å gå hjem", TOWN, True, (ALARM, "Barnevernvakt", "Kors på halsen")),
    Case("mamma drikker hver helg", TOWN, True, ("RUSinfo", "Barn som pårørende", "Ruskonsulent")),
    Case(
        "får ikke sove",
        TOWN,
        True,
        ("Samtaletilbud", "Helsestasjon for ungdom", "Fastlegen", "helsesykepleier"),
    ),
    Case("eksamensangst", TOWN, True, ("Samtaletilbud", "Kurs i mestring", "helsesykepleier")),
    Case(
        "vil flytte hjemmefra",
        TOWN,
        True,
        ("Hjelp til bolig", "Ungdomsveileder", "Oppfølging etter 18 år"),
    ),
    Case(
        "kjæresten min kontrollerer meg",
        NONE,
        True,
        ("Dinutvei", "Vold- og overgreps", ALARM, "Kors på halsen"),
    ),
    Case("trenger noen å snakke med", NONE, True, ("Kors på halsen", "Hjelpetelefonen", "Kirkens")),
    Case("blir truet på nett", TOWN, True, (ALARM, "Politikontakt", "Kors på halsen")),
    Case(
        "hater kroppen min",
        TOWN,
        True,
        ("Helsestasjon for ungdom", "Samtaletilbud", "Kors på halsen", "helsesykepleier"),
    ),
)
FIRST_PERSON = {"jeg", "meg", "eg", "my", "me"}


@pytest.fixture(scope="module")
def demo_directory(django_db_setup, django_db_blocker):
    """The demo directory once for the module, rolled back after it (each test runs in a
    savepoint inside)."""
    with django_db_blocker.unblock(), transaction.atomic():
        municipality("4003")
        postal_codes("4001")
        demo_directory_seed()
        yield
        transaction.set_rollback(True)


def _top(case: Case) -> tuple[list[str], list[str]]:
    """The names in the top five, and those of them meant for children younger than the
    searcher."""
    municipality_found = None
    if case.place is not None:
        municipality_found = place_resolve(text=case.place).municipality
        assert municipality_found is not None
        assert municipality_found.number == "4001"
    page = service_search(
        text=case.query,
        filters=SearchFilters(municipality=municipality_found, young_person=case.young),
        per_page=TOP,
    )
    words = set(case.query.split())
    age = YOUNG_AGE if case.young else SELF_AGE if words & FIRST_PERSON else None
    too_young = [
        service.name
        for service in page.services
        if age is not None and service.maximum_age is not None and service.maximum_age < age
    ]
    return [service.name for service in page.services], too_young


def _found(case: Case, names: list[str]) -> bool:
    return any(part.lower() in name.lower() for part in case.expected for name in names)


@pytest.mark.django_db
@pytest.mark.parametrize("case", QUERIES, ids=[case.id for case in QUERIES])
def test_young_peoples_words_find_the_right_help(demo_directory, case):
    names, too_young = _top(case)
    assert _found(case, names), f"expected one of {case.expected} in the top {TOP}, got {names}"
    assert too_young == [], f"services for younger children in the top {TOP}: {too_young}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", HELD_OUT, ids=[case.id for case in HELD_OUT])
def test_held_out_words_never_tuned_on(demo_directory, case):
    names, too_young = _top(case)
    if not _found(case, names) or too_young:
        pytest.xfail(f"held out, reported: expected one of {case.expected}, got {names}")


def test_the_tables_are_large_enough_and_mix_places():
    assert len(QUERIES) >= 30
    assert {case.place for case in QUERIES} == {NONE, TOWN, POSTCODE}
    assert not {case.query for case in HELD_OUT} & {case.query for case in QUERIES}
