"""Who must consent is known while the units are ticked: the rights engine's answer follows the
units (htmx asks the page's "givers" address; without JavaScript the "check" button and the
submit give the same answer), and a consent is never saved with givers nobody confirmed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from children.models import Guardian
from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from conftest import verified_client
from consents.models import Consent, GivenBy
from consents.selectors import consent_authority, consent_givers
from rights.table import TABLE
from teams.models import Team
from units.forms import UNIT_LIST_MAX

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _born(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=1)


def _child(world, years: int):
    return child_register(
        actor=world.member,
        unit=world.health,
        given_name="Ida",
        family_name=f"Alder{years}",
        birth_date=_born(years),
        guardians=[
            GuardianData("Anne Alder", "mor", True),
            GuardianData("Bjørn Alder", "far", True),
        ],
        not_a_duplicate=True,
    )


@pytest.fixture
def fifteen(world):
    """A 15-year-old whose concern starts at the health station (the issue's case)."""
    child = _child(world, 15)
    concern = concern_raise(
        actor=world.member,
        unit=world.health,
        child=child,
        observed="Har vært mye borte fra skolen.",
        level=Level.OWN_UNIT,
    )
    return child, concern


# --- The selector ------------------------------------------------------------------------------


def test_the_rule_is_asked_only_once_a_unit_is_ticked(world, fifteen):
    child, _concern = fifteen
    givers = consent_givers(child=child, units=[], given_by="", guardians=[])
    assert givers.authority is None
    assert givers.given_by == ""
    assert givers.allowed_given_by == list(GivenBy.values)


def test_adding_the_school_moves_a_15_year_olds_consent_to_the_young_person_and_guardians(
    world, fifteen
):
    child, _concern = fifteen
    health = consent_givers(child=child, units=[world.health], given_by="", guardians=[])
    assert health.given_by == GivenBy.GUARDIANS
    assert {g.name for g in health.guardians} == {"Anne Alder", "Bjørn Alder"}
    assert not health.changed

    both = consent_givers(
        child=child,
        units=[world.health, world.school, world.ppt],
        given_by=GivenBy.GUARDIANS,
        guardians=health.guardians,
    )
    assert both.changed
    assert both.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS
    assert both.allowed_given_by == [GivenBy.YOUNG_PERSON_AND_GUARDIANS]
    assert len(both.guardians) == 2


def test_a_choice_the_rule_still_allows_is_kept(world):
    child = _child(world, 14)
    first = Guardian.objects.filter(child=child).order_by("name").first()
    givers = consent_givers(
        child=child,
        units=[world.school],
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=[first],
    )
    assert not givers.changed
    assert givers.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS
    assert list(givers.guardians) == [first]  # the person's own ticks stay
    assert givers.allowed_given_by == [GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON_AND_GUARDIANS]


def test_at_16_health_consent_is_the_young_persons_and_no_guardian_is_ticked(world):
    child = _child(world, 16)
    givers = consent_givers(
        child=child,
        units=[world.health],
        given_by=GivenBy.GUARDIANS,
        guardians=list(child.guardians.all()),
    )
    assert givers.changed
    assert givers.given_by == GivenBy.YOUNG_PERSON
    assert givers.guardians == ()
    assert givers.allowed_given_by == [GivenBy.YOUNG_PERSON, GivenBy.YOUNG_PERSON_AND_GUARDIANS]


def test_a_legal_basis_is_given_by_nobody(world, fifteen):
    child, _concern = fifteen
    givers = consent_givers(
        child=child, units=[world.health], given_by="", guardians=[], kind="legal_basis"
    )
    assert givers.authority is None
    assert givers.legal_basis


def test_the_authority_names_its_statutes_once(world, fifteen):
    child, _concern = fifteen
    authority = consent_authority(child=child, units=[world.school, world.ppt])
    assert authority.citations.count("barneloven § 32") == 1


# --- Opening a team: the page, the htmx answer, the check button and the submit ----------------


def _open_url(concern) -> str:
    return reverse("concerns:team_open", args=[concern.pk])


def _givers_url(concern) -> str:
    return reverse("concerns:team_open_givers", args=[concern.pk])


def _checked(page: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)"[^>]* checked', page))


def _offered(page: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)"', page))


def _form(world, child, **change):
    guardians = [str(g.pk) for g in child.guardians.all()]
    data = {
        "level": "2",
        "kind": "consent",
        "units": [str(world.health.pk), str(world.school.pk), str(world.ppt.pk)],
        "given_by": GivenBy.GUARDIANS,
        "guardians": guardians,
        "information_kinds": ["plan", "log"],
        "purpose": "Samarbeid i laget rundt Ida",
        "text": "Vi samtykker til at enhetene deler opplysninger i laget.",
        "method": "paper",
        "valid_from": timezone.localdate().isoformat(),
    }
    data.update(change)
    return data


def test_the_page_starts_from_the_concerns_unit_with_the_rule_in_a_professionals_voice(
    world, fifteen
):
    child, concern = fifteen
    page = verified_client(world.member).get(_open_url(concern)).content.decode()
    assert _checked(page, "units") == {str(world.health.pk)}
    assert _checked(page, "given_by") == {GivenBy.GUARDIANS}
    assert _checked(page, "guardians") == {str(g.pk) for g in child.guardians.all()}
    rule = TABLE.rule("health.share.12-15")
    assert rule is not None
    assert rule.professional_nb in page
    assert rule.explanation_nb not in page  # "Foreldrene dine …" is for the child, not staff
    assert "Foreldrene dine" not in page
    assert 'hx-get="' + _givers_url(concern) + '"' in page
    assert "vendor/htmx/htmx.min.js" in page


def test_ticking_the_school_answers_at_once_who_must_consent(world, fifteen):
    child, concern = fifteen
    client = verified_client(world.member)
    before = AccessEvent.objects.count()
    answer = client.get(
        _givers_url(concern),
        {
            "kind": "consent",
            "units": [str(world.health.pk), str(world.school.pk)],
            "given_by": GivenBy.GUARDIANS,
            "guardians": [str(g.pk) for g in child.guardians.all()],
            "valid_from": timezone.localdate().isoformat(),
        },
        **EN,
    )
    assert answer.status_code == 200
    part = answer.content.decode()
    assert part.lstrip().startswith('<div id="consent-givers"')
    assert _offered(part, "given_by") == {GivenBy.YOUNG_PERSON_AND_GUARDIANS}
    assert _checked(part, "given_by") == {GivenBy.YOUNG_PERSON_AND_GUARDIANS}
    assert _checked(part, "guardians") == {str(g.pk) for g in child.guardians.all()}
    assert "The young person and the guardians" in part
    school_rule = TABLE.rule("education.represent.15-17")
    assert school_rule is not None
    assert school_rule.professional_en in part
    # The short sentence for screen readers goes into the page's live region.
    assert 'id="consent-givers-status" hx-swap-oob="innerHTML"' in part
    assert "is changed to: The young person and the guardians" in part
    # A read of the child's record like any other: one access event, with its purpose.
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert [(e.action, e.purpose, e.child_id) for e in events] == [
        (Action.READ, "checking who must consent", child.pk)
    ]
    assert Consent.objects.filter(child=child).count() == 0


def test_without_units_the_answer_says_to_tick_them(world, fifteen):
    _, concern = fifteen
    answer = verified_client(world.member).get(_givers_url(concern), {"kind": "consent"}, **EN)
    assert answer.status_code == 200
    assert "Tick the units that may share" in answer.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"units": ["not-a-unit"]},
        {"units": ["\x00"]},
        {"given_by": "everyone"},
        {"guardians": ["42"]},
    ],
)
def test_made_up_units_or_guardians_get_400(world, fifteen, query):
    _, concern = fifteen
    answer = verified_client(world.member).get(_givers_url(concern), query)
    assert answer.status_code == 400


def test_a_unit_of_another_municipality_is_not_offered(world, fifteen):
    _, concern = fifteen
    answer = verified_client(world.member).get(
        _givers_url(concern), {"units": [str(world.skien_health.pk)]}
    )
    assert answer.status_code == 400


def test_a_date_being_typed_counts_as_today(world, fifteen):
    _, concern = fifteen
    for typed in ("2026-1", "1900-01-01"):
        answer = verified_client(world.member).get(
            _givers_url(concern), {"units": [str(world.school.pk)], "valid_from": typed}
        )
        assert answer.status_code == 200
        assert _checked(answer.content.decode(), "given_by") == {GivenBy.YOUNG_PERSON_AND_GUARDIANS}


def test_without_javascript_the_check_button_answers_without_saving(world, fifteen):
    child, concern = fifteen
    data = _form(world, child, action="check", purpose="")
    answer = verified_client(world.member).post(_open_url(concern), data, **EN)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert _checked(page, "given_by") == {GivenBy.YOUNG_PERSON_AND_GUARDIANS}
    assert _checked(page, "units") == {str(u.pk) for u in (world.health, world.school, world.ppt)}
    assert "This field is required." not in page  # the purpose is not filled in yet: fine here
    assert "Vi samtykker til at enhetene deler" in page  # nothing typed is lost
    assert not Team.objects.filter(concern=concern).exists()
    assert Consent.objects.filter(child=child).count() == 0


def test_a_submit_with_givers_the_rule_no_longer_allows_is_sent_back_corrected(world, fifteen):
    child, concern = fifteen
    client = verified_client(world.member)
    answer = client.post(_open_url(concern), _form(world, child), **EN)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The choice is changed to that" in page
    assert "barneloven § 32" in page
    assert _checked(page, "given_by") == {GivenBy.YOUNG_PERSON_AND_GUARDIANS}
    assert "Samarbeid i laget rundt Ida" in page
    assert Consent.objects.filter(child=child).count() == 0
    assert not Team.objects.filter(concern=concern).exists()

    confirmed = client.post(
        _open_url(concern), _form(world, child, given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS)
    )
    assert confirmed.status_code == 302
    consent = Consent.objects.get(child=child)
    assert consent.given_by == GivenBy.YOUNG_PERSON_AND_GUARDIANS
    assert consent.guardians.count() == 2
    assert Team.objects.filter(concern=concern).exists()


def test_the_other_errors_are_shown_with_the_corrected_givers(world, fifteen):
    child, concern = fifteen
    answer = verified_client(world.member).post(
        _open_url(concern), _form(world, child, purpose="", text=""), **EN
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The choice is changed to that" in page
    assert "This field is required." in page


def test_a_consent_cannot_start_before_the_child_was_born(world, fifteen):
    child, concern = fifteen
    born = child.birth_date - datetime.timedelta(days=3)
    with translation.override("en"):
        answer = verified_client(world.member).post(
            _open_url(concern),
            _form(
                world,
                child,
                given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
                valid_from=born.isoformat(),
            ),
            **EN,
        )
    assert answer.status_code == 400
    assert "A consent cannot start before the child was born." in answer.content.decode()


# --- A team's consents page --------------------------------------------------------------------


def test_the_teams_consent_form_asks_for_units_first_and_answers_for_them(world):
    client = verified_client(world.member)
    page = client.get(reverse("teams:consents", args=[world.team.pk]), **EN).content.decode()
    assert "Tick the units that may share" in page
    assert _checked(page, "given_by") == set()
    url = reverse("teams:consent_givers", args=[world.team.pk])
    part = client.get(url, {"units": [str(world.ppt.pk)], "kind": "consent"}).content.decode()
    # Sara is 14: the guardians decide on sharing from school and PPT.
    assert _checked(part, "given_by") == {GivenBy.GUARDIANS}
    rule = TABLE.rule("education.represent.12-14")
    assert rule is not None
    assert rule.professional_nb in part
    assert rule.explanation_nb not in part


def test_the_teams_consent_form_records_only_confirmed_givers(world):
    client = verified_client(world.coordinator)
    url = reverse("teams:consents", args=[world.team.pk])
    guardians = [str(g.pk) for g in world.child.guardians.all()]
    base = {
        "kind": "consent",
        "units": [str(world.ppt.pk)],
        "guardians": guardians,
        "information_kinds": ["plan"],
        "purpose": "PPT i laget",
        "text": "Vi samtykker.",
        "method": "paper",
        "valid_from": timezone.localdate().isoformat(),
    }
    refused = client.post(url, {**base, "given_by": GivenBy.YOUNG_PERSON}, **EN)
    assert refused.status_code == 400
    assert _checked(refused.content.decode(), "given_by") == {GivenBy.GUARDIANS}
    assert client.post(url, {**base, "given_by": GivenBy.GUARDIANS}).status_code == 302
    assert Consent.objects.filter(units=world.ppt, withdrawn_at__isnull=True).exists()


def test_the_portal_speaks_to_the_child(world):
    from portal.tests.helpers import portal_log_in

    client = verified_client(world.coordinator)
    staff = client.get(reverse("teams:consents", args=[world.team.pk])).content.decode()
    assert "Foreldrene dine" not in staff
    portal = type(client)()
    portal_log_in(portal, world.child.identity_number)
    page = portal.get(f"/portal/{world.child.pk}/consents/").content.decode()
    rule = TABLE.rule("education.represent.12-14")
    assert rule is not None
    assert rule.explanation_nb in page
    assert rule.professional_nb not in page


def test_a_large_municipalitys_form_lists_the_childs_units_and_finds_others_by_name(world):
    """With more units than the form lists, it shows the team's and the consents' units and
    those found by name; a unit not shown is still accepted when sent."""
    from tests.factories import UnitFactory

    for number in range(UNIT_LIST_MAX):
        UnitFactory(municipality=world.school.municipality, name=f"Barnehage nummer {number:02}")
    hidden = UnitFactory(municipality=world.school.municipality, name="Solsikken barnehage")
    client = verified_client(world.coordinator)
    url = reverse("teams:consents", args=[world.team.pk])
    page = client.get(url, **EN).content.decode()
    assert 'id="unit-search"' in page
    assert "Vestsiden ungdomsskole" in page  # on the team
    assert "Barnehage nummer" not in page
    assert "Solsikken" not in page
    checking = {"action": "check", "unit_search": "solsik\x00ken ", "units": [str(world.ppt.pk)]}
    found = client.post(url, checking, **EN).content.decode()
    assert f'value="{hidden.pk}"' in found
    assert "1 unit found" in found
    assert _checked(found, "units") == {str(world.ppt.pk)}  # the ticked one stays ticked
    none = client.post(url, {"action": "check", "unit_search": "finnes ikke"}, **EN)
    assert "No unit's name has “finnes ikke” in it." in none.content.decode()
    guardians = [str(g.pk) for g in world.child.guardians.all()]
    saved = client.post(
        url,
        {
            "kind": "consent",
            "units": [str(hidden.pk)],
            "guardians": guardians,
            "given_by": GivenBy.GUARDIANS,
            "information_kinds": ["plan"],
            "purpose": "Barnehagen i laget",
            "text": "Vi samtykker.",
            "method": "paper",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert saved.status_code == 302
    assert Consent.objects.filter(units=hidden).exists()
    # Named in the ledger now, it is on the form's short list, read with the ledger.
    assert f'value="{hidden.pk}"' in client.get(url, **EN).content.decode()
