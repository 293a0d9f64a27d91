"""Separation of duties in the admin (docs/decisions/0004-separation-of-duties.md): nobody
changes their own access, a new membership takes a second administrator's approval, superuser
status is never set in the admin, and deactivation ends sessions, tokens and memberships."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AccessEvent
from people.models import ApiToken, Membership, MembershipRequest, MembershipRequestStatus, Role
from people.services import (
    membership_request_approve,
    membership_request_create,
    membership_request_refuse,
)
from people.tokens import ALL_SCOPES, api_token_issue
from tests.factories import UserFactory, admin_of, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def anne(world):
    """Porsgrunn's administrator, like the demo's anne.admin."""
    user = UserFactory(username="anne.admin", first_name="Anne", last_name="Administrator")
    admin_of(user, municipality("4001"))
    return user


@pytest.fixture
def second_admin(world):
    user = UserFactory(username="bjorn.admin", first_name="Bjørn", last_name="Administrator")
    admin_of(user, municipality("4001"))
    return user


def _user_form(user, memberships, **extra):
    """The user's change form as the admin posts it, with the memberships it shows."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "membership_requests-TOTAL_FORMS": "0",
        "membership_requests-INITIAL_FORMS": "0",
        "membership_requests-MIN_NUM_FORMS": "0",
        "membership_requests-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        prefix = f"memberships-{index}-"
        data.update(
            {
                f"{prefix}id": str(membership.pk),
                f"{prefix}user": str(user.pk),
                f"{prefix}municipality": membership.municipality_id,
                f"{prefix}unit": str(membership.unit_id or ""),
                f"{prefix}role": membership.role,
                f"{prefix}title": membership.title,
                f"{prefix}started_on": membership.started_on.isoformat(),
                f"{prefix}ended_on": "",
            }
        )
    data.update(extra)
    return data


def _add_school_membership(data, user, world):
    """What anne did: a new professional membership in a unit, through both inlines."""
    total = int(data["memberships-TOTAL_FORMS"])
    new = f"memberships-{total}-"
    data.update(
        {
            "memberships-TOTAL_FORMS": str(total + 1),
            f"{new}user": str(user.pk),
            f"{new}municipality": "4001",
            f"{new}unit": str(world.school.pk),
            f"{new}role": Role.PROFESSIONAL,
            f"{new}started_on": "2026-01-01",
            "membership_requests-TOTAL_FORMS": "1",
            "membership_requests-0-municipality": "4001",
            "membership_requests-0-unit": str(world.school.pk),
            "membership_requests-0-role": Role.PROFESSIONAL,
            "membership_requests-0-started_on": "2026-01-01",
        }
    )
    return data


def test_an_administrator_cannot_give_herself_access_to_a_childs_concern(world, anne, client_for):
    client = client_for(anne)
    concern_url = reverse("concerns:detail", args=[world.small_concern.pk])
    assert client.get(concern_url).status_code == 404
    data = _add_school_membership(
        _user_form(anne, list(Membership.objects.filter(user=anne))), anne, world
    )
    client.post(f"/admin/people/user/{anne.pk}/change/", data)
    assert not Membership.objects.filter(user=anne, unit=world.school).exists()
    assert not MembershipRequest.objects.filter(user=anne).exists()
    assert client.get(concern_url).status_code == 404


def test_an_administrator_cannot_deactivate_herself(world, anne, client_for):
    data = _user_form(anne, list(Membership.objects.filter(user=anne)))
    del data["is_active"]  # an unticked box
    client_for(anne).post(f"/admin/people/user/{anne.pk}/change/", data)
    anne.refresh_from_db()
    assert anne.is_active


def test_own_memberships_are_shown_read_only(world, anne, client_for):
    response = client_for(anne).get(f"/admin/people/user/{anne.pk}/change/")
    assert response.status_code == 200
    formsets = {
        formset.formset.prefix: formset for formset in response.context["inline_admin_formsets"]
    }
    assert formsets["memberships"].has_change_permission is False
    assert formsets["membership_requests"].has_add_permission is False
    assert "is_active" in response.context["adminform"].readonly_fields


def test_an_operator_cannot_change_her_own_memberships_either(world, client_for):
    operator = UserFactory(username="drift", is_superuser=True, is_staff=True)
    own = admin_of(operator, municipality("4001"))
    data = _user_form(operator, [own])
    data["memberships-0-ended_on"] = "2020-01-01"
    response = client_for(operator).post(f"/admin/people/user/{operator.pk}/change/", data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.ended_on is None


def test_superuser_status_cannot_be_set_in_the_admin_even_by_an_operator(world, client_for):
    operator = UserFactory(username="drift", is_superuser=True, is_staff=True)
    target = world.colleague
    data = _user_form(
        target,
        list(Membership.objects.filter(user=target)),
        is_superuser="on",
        is_staff="on",
        groups=[],
        user_permissions=[],
    )
    response = client_for(operator).post(f"/admin/people/user/{target.pk}/change/", data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.is_staff


def test_a_new_membership_for_someone_else_waits_for_a_second_administrator(
    world, anne, second_admin, client_for
):
    outsider = world.outsider
    data = _user_form(outsider, list(Membership.objects.filter(user=outsider)))
    data.update(
        {
            "membership_requests-TOTAL_FORMS": "1",
            "membership_requests-0-municipality": "4001",
            "membership_requests-0-unit": str(world.school.pk),
            "membership_requests-0-role": Role.PROFESSIONAL,
            "membership_requests-0-started_on": "2026-01-01",
        }
    )
    response = client_for(anne).post(f"/admin/people/user/{outsider.pk}/change/", data)
    assert response.status_code == 302
    concern_url = reverse("concerns:detail", args=[world.small_concern.pk])
    # Asked for, not granted: the concern in the school is still not the outsider's.
    assert not Membership.objects.filter(user=outsider, unit=world.school).exists()
    assert client_for(outsider).get(concern_url).status_code == 404
    request = MembershipRequest.objects.get(user=outsider)
    assert request.requested_by == anne

    # The requester cannot approve her own request.
    client_for(anne).post(
        "/admin/people/membershiprequest/",
        {"action": "approve_selected", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.PENDING

    # Another administrator of the municipality approves it in the admin.
    response = client_for(second_admin).post(
        "/admin/people/membershiprequest/",
        {"action": "approve_selected", "_selected_action": [request.pk]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.APPROVED
    assert request.decided_by == second_admin
    membership = Membership.objects.get(user=outsider, unit=world.school)
    assert request.membership == membership
    assert client_for(outsider).get(concern_url).status_code == 200
    granted = AccessEvent.objects.get(object_type="people.membership", object_id=str(membership.pk))
    assert granted.actor == second_admin
    assert (granted.detail["requested_by"], granted.detail["decided_by"]) == (
        "anne.admin",
        "bjorn.admin",
    )


def test_the_pending_list_shows_only_the_administrators_municipality(
    world, anne, second_admin, client_for
):
    mine = membership_request_create(
        requested_by=anne,
        user=world.outsider,
        municipality=municipality("4001"),
        unit=world.school,
        role=Role.PROFESSIONAL,
    )
    skien_admin = UserFactory(username="skien.admin")
    admin_of(skien_admin, municipality("4003"))
    other_admin = UserFactory(username="skien.admin2")
    admin_of(other_admin, municipality("4003"))
    theirs = membership_request_create(
        requested_by=skien_admin,
        user=world.foreigner,
        municipality=municipality("4003"),
        unit=world.skien_health,
        role=Role.UNIT_LEADER,
    )
    response = client_for(second_admin).get("/admin/people/membershiprequest/")
    assert list(response.context["cl"].result_list) == [mine]
    # Approving another municipality's request through the action does nothing.
    client_for(second_admin).post(
        "/admin/people/membershiprequest/",
        {"action": "approve_selected", "_selected_action": [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.status == MembershipRequestStatus.PENDING


def test_nobody_asks_for_or_approves_access_for_themselves(world, anne, second_admin):
    with pytest.raises(ValidationError):
        membership_request_create(
            requested_by=anne,
            user=anne,
            municipality=municipality("4001"),
            unit=world.school,
            role=Role.PROFESSIONAL,
        )
    for_second = membership_request_create(
        requested_by=anne,
        user=second_admin,
        municipality=municipality("4001"),
        unit=world.school,
        role=Role.PROFESSIONAL,
    )
    with pytest.raises(ValidationError):
        membership_request_approve(request=for_second, decided_by=second_admin)
    with pytest.raises(ValidationError):
        membership_request_approve(request=for_second, decided_by=anne)
    assert not Membership.objects.filter(user=second_admin, unit=world.school).exists()


def test_an_administrator_grant_also_needs_a_second_administrator(world, anne, second_admin):
    request = membership_request_create(
        requested_by=anne,
        user=world.colleague,
        municipality=municipality("4001"),
        role=Role.MUNICIPAL_ADMIN,
    )
    assert not Membership.objects.filter(user=world.colleague, role=Role.MUNICIPAL_ADMIN).exists()
    membership_request_approve(request=request, decided_by=second_admin)
    assert Membership.objects.filter(user=world.colleague, role=Role.MUNICIPAL_ADMIN).exists()


def test_an_administrator_of_another_municipality_cannot_ask_or_decide(world, anne):
    skien_admin = UserFactory(username="skien.admin")
    admin_of(skien_admin, municipality("4003"))
    with pytest.raises(ValidationError, match="administrator"):
        membership_request_create(
            requested_by=skien_admin,
            user=world.outsider,
            municipality=municipality("4001"),
            unit=world.school,
            role=Role.PROFESSIONAL,
        )
    request = membership_request_create(
        requested_by=anne,
        user=world.outsider,
        municipality=municipality("4001"),
        unit=world.school,
        role=Role.PROFESSIONAL,
    )
    with pytest.raises(ValidationError):
        membership_request_refuse(request=request, decided_by=skien_admin)


def test_a_refused_request_grants_nothing_and_names_both(world, anne, second_admin):
    request = membership_request_create(
        requested_by=anne,
        user=world.outsider,
        municipality=municipality("4001"),
        unit=world.school,
        role=Role.PROFESSIONAL,
    )
    membership_request_refuse(request=request, decided_by=second_admin)
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.REFUSED
    assert not Membership.objects.filter(user=world.outsider, unit=world.school).exists()
    event = AccessEvent.objects.filter(object_type="people.membershiprequest").latest("id")
    assert event.detail["step"] == "refused"
    assert (event.detail["requested_by"], event.detail["decided_by"]) == (
        "anne.admin",
        "bjorn.admin",
    )
    with pytest.raises(ValidationError):
        membership_request_approve(request=request, decided_by=second_admin)


def test_a_unit_in_another_municipality_is_refused_with_a_clear_message(world, anne):
    with pytest.raises(ValidationError) as refused:
        membership_request_create(
            requested_by=anne,
            user=world.outsider,
            municipality=municipality("4001"),
            unit=world.skien_health,
            role=Role.PROFESSIONAL,
        )
    assert "unit" in refused.value.message_dict


def test_ending_a_membership_is_one_administrators_decision_and_cannot_be_undone_here(
    world, anne, client_for
):
    colleague = world.colleague
    membership = Membership.objects.get(user=colleague)
    data = _user_form(colleague, [membership])
    data["memberships-0-ended_on"] = "2026-01-01"
    assert (
        client_for(anne).post(f"/admin/people/user/{colleague.pk}/change/", data).status_code == 302
    )
    membership.refresh_from_db()
    assert membership.ended_on.isoformat() == "2026-01-01"
    # Opening it again is a new grant: refused here.
    data["memberships-0-ended_on"] = ""
    response = client_for(anne).post(f"/admin/people/user/{colleague.pk}/change/", data)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.ended_on is not None


def test_deactivating_a_user_ends_sessions_tokens_and_memberships(world, anne, client_for):
    colleague = world.colleague
    token, _raw = api_token_issue(user=colleague, name="Fagsystem", scopes=ALL_SCOPES)
    session_token = colleague.session_token
    data = _user_form(colleague, list(Membership.objects.filter(user=colleague)))
    del data["is_active"]
    response = client_for(anne).post(f"/admin/people/user/{colleague.pk}/change/", data)
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert colleague.session_token != session_token
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert not Membership.objects.filter(user=colleague, ended_on__isnull=True).exists()
    event = AccessEvent.objects.filter(object_type="people.user", object_id=str(colleague.pk))
    assert event.filter(detail__change="deactivated", actor=anne).exists()
    # Reactivating is not one administrator's decision either: the flag is read-only now.
    page = client_for(anne).get(f"/admin/people/user/{colleague.pk}/change/")
    assert "is_active" in page.context["adminform"].readonly_fields


def test_the_demo_seed_grants_memberships_recorded_as_approved_by_the_seed(db):
    from people.demo import demo_staff_seed
    from units.demo import demo_units_seed

    municipality("4001"), municipality("4003")
    units = demo_units_seed()
    demo_staff_seed(units=units)
    demo_staff_seed(units=units)  # idempotent
    kari = Membership.objects.get(user__username="kari.nordmann")
    assert kari.role == Role.PROFESSIONAL
    request = MembershipRequest.objects.get(membership=kari)
    assert (request.status, request.decided_by_label) == (
        MembershipRequestStatus.APPROVED,
        "demo seed",
    )
    assert Membership.objects.filter(user__username="anne.admin").count() == 1


def test_approving_access_again_reopens_the_ended_membership(world, anne, second_admin):
    ended = Membership.objects.get(user=world.colleague)
    Membership.objects.filter(pk=ended.pk).update(ended_on="2026-01-01")
    request = membership_request_create(
        requested_by=anne,
        user=world.colleague,
        municipality=municipality("4001"),
        unit=world.school,
        role=Role.PROFESSIONAL,
    )
    membership_request_approve(request=request, decided_by=second_admin)
    ended.refresh_from_db()
    assert ended.ended_on is None
    assert Membership.objects.filter(user=world.colleague).count() == 1


def test_an_operator_cannot_add_herself_a_second_factor_or_groups_in_the_admin(world, client_for):
    operator = UserFactory(username="drift", is_superuser=True, is_staff=True)
    client = client_for(operator)
    for path in ("/admin/otp_totp/totpdevice/add/", "/admin/otp_static/staticdevice/add/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/admin/auth/group/").status_code == 404
    # Nor OAuth applications or tokens beside the system clients' own page.
    for path in (
        "/admin/oauth2_provider/application/add/",
        "/admin/oauth2_provider/accesstoken/",
        "/admin/oauth2_provider/refreshtoken/",
        "/admin/oauth2_provider/grant/",
        "/admin/oauth2_provider/idtoken/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_request_is_made_on_the_requests_page_but_never_for_oneself(world, anne, client_for):
    client = client_for(anne)
    form = {
        "municipality": "4001",
        "unit": str(world.school.pk),
        "role": Role.PROFESSIONAL,
        "title": "Lærer",
        "started_on": "2026-01-01",
    }
    own = client.post("/admin/people/membershiprequest/add/", {**form, "user": anne.pk})
    assert own.status_code == 200
    assert not MembershipRequest.objects.exists()
    response = client.post(
        "/admin/people/membershiprequest/add/", {**form, "user": world.outsider.pk}
    )
    assert response.status_code == 302
    request = MembershipRequest.objects.get()
    assert (request.user, request.requested_by, request.status) == (
        world.outsider,
        anne,
        MembershipRequestStatus.PENDING,
    )
    assert AccessEvent.objects.filter(
        object_type="people.membershiprequest", object_id=str(request.pk), actor=anne
    ).exists()
