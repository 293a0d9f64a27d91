"""Django admin for municipal administrators: their own municipality only, every change audited."""

import pytest
from django.test import Client

from audit.models import AccessEvent, Action
from people.models import Membership, MembershipRequest, MembershipRequestStatus, Role, User
from tests.factories import UnitFactory, UserFactory, admin_of, municipality
from units.models import Unit


@pytest.fixture
def admin_user(cast):
    user = UserFactory(username="porsgrunn-admin")
    admin_of(user, municipality("4001"))
    return user


def test_administrator_sees_only_own_municipalitys_units(cast, admin_user, client_for):
    response = client_for(admin_user).get("/admin/units/unit/")
    names = {unit.name for unit in response.context["cl"].result_list}
    assert names == {"Vestsiden ungdomsskole", "Tveten skole"}


def test_another_municipalitys_unit_is_not_found(cast, admin_user, client_for):
    skien_unit = Unit.objects.get(name="Helsestasjonen i Skien")
    response = client_for(admin_user).get(f"/admin/units/unit/{skien_unit.pk}/change/")
    # Django admin answers a missing object with a redirect to the index: same as for a real miss.
    missing = client_for(admin_user).get(
        "/admin/units/unit/00000000-0000-0000-0000-000000000000/change/"
    )
    assert response.status_code == missing.status_code == 302
    assert response["Location"] == missing["Location"] == "/admin/"


def test_administrator_cannot_create_a_unit_in_another_municipality(cast, admin_user, client_for):
    response = client_for(admin_user).post(
        "/admin/units/unit/add/",
        {"municipality": "4003", "name": "Smuglet enhet", "sector": "other", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(name="Smuglet enhet").exists()


def test_changing_a_unit_is_audited_in_the_same_municipality_chain(cast, admin_user, client_for):
    unit = cast.unit
    response = client_for(admin_user).post(
        f"/admin/units/unit/{unit.pk}/change/",
        {
            "municipality": "4001",
            "name": unit.name,
            "sector": unit.sector,
            "organisation_number": "974760673",
            "email": "post@vestsiden.test",
            "phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AccessEvent.objects.get(action=Action.ADMIN_UPDATE)
    assert (event.actor, event.object_type, event.object_id, event.chain) == (
        admin_user,
        "units.unit",
        str(unit.pk),
        "4001",
    )


def test_an_invalid_organisation_number_is_refused_with_a_clear_message(
    cast, admin_user, client_for
):
    response = client_for(admin_user).post(
        "/admin/units/unit/add/",
        {
            "municipality": "4001",
            "name": "Ny enhet",
            "sector": "other",
            "organisation_number": "123456789",
        },
    )
    errors = response.context["adminform"].form.errors["organisation_number"]
    assert "123456789 er ikke et gyldig organisasjonsnummer" in errors[0]


def test_administrator_lists_only_staff_of_own_municipality(cast, admin_user, client_for):
    response = client_for(admin_user).get("/admin/people/user/")
    usernames = {user.username for user in response.context["cl"].result_list}
    assert usernames == {"owner", "colleague", "outsider", "porsgrunn-admin"}


def test_new_user_must_get_a_membership_in_own_municipality(cast, admin_user, client_for):
    client = client_for(admin_user)
    base = {
        "username": "nyansatt",
        "password1": "et-langt-og-trygt-passord",
        "password2": "et-langt-og-trygt-passord",
        "first_name": "Ny",
        "last_name": "Ansatt",
        **_empty_inline("memberships"),
        "membership_requests-INITIAL_FORMS": "0",
        "membership_requests-MIN_NUM_FORMS": "1",
        "membership_requests-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(
        "/admin/people/user/add/", {**base, "membership_requests-TOTAL_FORMS": "0"}
    )
    assert refused.status_code == 200
    assert not User.objects.filter(username="nyansatt").exists()
    accepted = client.post(
        "/admin/people/user/add/",
        {
            **base,
            "membership_requests-TOTAL_FORMS": "1",
            "membership_requests-0-municipality": "4001",
            "membership_requests-0-unit": str(cast.unit.pk),
            "membership_requests-0-role": Role.PROFESSIONAL,
            "membership_requests-0-started_on": "2026-01-01",
        },
    )
    assert accepted.status_code == 302
    user = User.objects.get(username="nyansatt")
    # The membership waits for another administrator's approval: no access yet.
    assert not Membership.objects.filter(user=user).exists()
    request = MembershipRequest.objects.get(user=user)
    assert (request.unit, request.requested_by, request.status) == (
        cast.unit,
        admin_user,
        MembershipRequestStatus.PENDING,
    )
    assert AccessEvent.objects.filter(action=Action.ADMIN_CREATE, object_id=str(user.pk)).exists()
    # The new user stays in the administrator's list while the request waits.
    listed = client.get("/admin/people/user/").context["cl"].result_list
    assert user in list(listed)


def _empty_inline(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_admin_of_one_municipality_cannot_edit_someone_who_also_works_elsewhere(
    cast, admin_user, client_for
):
    Membership.objects.create(
        user=cast.owner,
        municipality=municipality("4003"),
        unit=UnitFactory(municipality=municipality("4003")),
        role=Role.PROFESSIONAL,
    )
    response = client_for(admin_user).get(f"/admin/people/user/{cast.owner.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_professional_cannot_open_the_admin(cast, client_for):
    response = client_for(cast.colleague).get("/admin/", follow=True)
    # Sent through the log-in, which returns a logged-in professional to their own work.
    assert response.redirect_chain[-1][0] == "/teams/"
    assert 'id="work-summary"' in response.content.decode()
    assert "site-name" not in response.content.decode()


def test_admin_without_second_factor_is_kept_out(cast, admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 302
