"""Second-factor enrolment: only a one-time link from an administrator reaches the set-up, an
administrator can reset someone else's second factor, and recovery codes work once each."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import override
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AccessEvent, Action
from people import services
from people.models import EnrolmentInvitation, User
from tests.factories import TEST_PASSWORD, UserFactory, admin_of, confirmed_device, municipality

NEW_PASSWORD = "mitt-eget-lange-passord-2026"


def _login(client, username, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def admin_user(cast):
    user = UserFactory(username="porsgrunn-admin")
    admin_of(user, municipality("4001"))
    confirmed_device(user)
    return user


@pytest.fixture
def link(cast, admin_user):
    """An enrolment link for the colleague, issued by the administrator and e-mailed."""
    issued = services.enrolment_link_issue(user=cast.colleague, issued_by=admin_user)
    return _path(issued.url)


def _enrol(client, path, **extra):
    page = client.get(path)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username="colleague", confirmed=False)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "token": _code(device)}
    return client.post(path, {**data, **extra})


# The finding: the password alone reached the TOTP secret -----------------------------------


def test_password_alone_no_longer_reaches_a_totp_secret(cast):
    client = Client()
    response = _login(client, "colleague")
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert "qr_code" not in page.context
    assert "secret" not in page.context
    assert "laget-qr" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.colleague).exists()
    # Nor can a code be posted to confirm a device there.
    assert client.post("/accounts/two-factor/setup/", {"token": "123456"}).status_code == 405
    assert client.get("/").status_code == 302


def test_the_set_up_page_says_when_a_link_is_waiting(cast, admin_user, link):
    client = Client()
    _login(client, "colleague")
    page = client.get("/accounts/two-factor/setup/")
    assert page.context["link_expires_at"] is not None
    assert "qr_code" not in page.context


# The link ------------------------------------------------------------------------------------


def test_the_link_is_e_mailed_to_the_user_without_naming_a_child(cast, admin_user, link):
    (message,) = mail.outbox
    assert message.to == ["colleague@test.laget.invalid"]
    assert link in message.body
    assert "colleague" in message.body
    assert "Vestsiden" not in message.body
    invitation = EnrolmentInvitation.objects.get(user=cast.colleague)
    # Only the hash is kept.
    assert link.rstrip("/").rsplit("/", 1)[-1] not in invitation.token_hash
    assert len(invitation.token_hash) == 64
    event = AccessEvent.objects.get(action=Action.ENROLMENT_LINK_ISSUED)
    assert (event.actor, event.object_id, event.chain) == (
        admin_user,
        str(cast.colleague.pk),
        "4001",
    )
    assert event.detail["delivery"] == "email"


def test_a_link_sets_password_and_second_factor_once_then_not_again(cast, admin_user, link):
    client = Client()
    response = _enrol(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    codes_page = client.get("/accounts/two-factor/recovery-codes/")
    assert len(codes_page.context["codes"]) == 10
    assert client.get("/").status_code == 200  # logged in, with the second factor

    user = User.objects.get(pk=cast.colleague.pk)
    assert user.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert EnrolmentInvitation.objects.get(user=user).used_at is not None
    enrolled = AccessEvent.objects.get(action=Action.SECOND_FACTOR_ENROLLED)
    assert enrolled.actor == user
    assert enrolled.detail["password_set"] is True

    # The same link a second time, by anyone: gone.
    again = Client().get(link)
    assert again.status_code == 404
    assert "qr_code" not in again.context
    assert Client().post(link, {"token": "123456"}).status_code == 404
    # The old password no longer works; the new one leads to the code, not to a set-up.
    assert _login(Client(), "colleague").status_code == 400
    assert _login(Client(), "colleague", NEW_PASSWORD)["Location"].startswith(
        "/accounts/two-factor/?"
    )


def test_recovery_codes_are_shown_only_once(cast, admin_user, link):
    client = Client()
    _enrol(client, link)
    assert client.get("/accounts/two-factor/recovery-codes/").context["codes"]
    assert client.get("/accounts/two-factor/recovery-codes/").context["codes"] == []


def test_a_used_link_stays_used_after_the_second_factor_is_reset(cast, admin_user, link):
    _enrol(Client(), link)
    fresh = services.user_second_factor_reset(user=cast.colleague, reset_by=admin_user)
    assert Client().get(link).status_code == 404
    assert Client().get(_path(fresh.url)).status_code == 200


def test_an_expired_link_is_refused(cast, admin_user, link):
    EnrolmentInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client = Client()
    page = client.get(link)
    assert page.status_code == 404
    assert "qr_code" not in page.context
    assert "people/enrol_invalid.html" in [template.name for template in page.templates]
    assert client.post(link, {"new_password1": NEW_PASSWORD}).status_code == 404
    assert not TOTPDevice.objects.filter(user=cast.colleague).exists()


def test_an_unknown_link_looks_like_an_expired_one(cast, admin_user, link):
    assert Client().get("/accounts/enrol/not-a-real-token/").status_code == 404


def test_a_newer_link_replaces_the_older(cast, admin_user, link):
    newer = _path(services.enrolment_link_issue(user=cast.colleague, issued_by=admin_user).url)
    assert Client().get(link).status_code == 404
    assert Client().get(newer).status_code == 200


def test_a_newer_link_shows_a_new_secret(cast, admin_user, link):
    first = Client().get(link).context["secret"]
    newer = _path(services.enrolment_link_issue(user=cast.colleague, issued_by=admin_user).url)
    assert Client().get(newer).context["secret"] != first


def test_a_link_that_cannot_be_e_mailed_is_not_issued(cast, admin_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with pytest.raises(ConnectionRefusedError):
        services.enrolment_link_issue(user=cast.colleague, issued_by=admin_user)
    assert not EnrolmentInvitation.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.ENROLMENT_LINK_ISSUED).exists()


def test_a_link_expires_after_the_configured_hours(cast, admin_user, settings):
    settings.LAGET_ENROLMENT_LINK_HOURS = 2
    issued = services.enrolment_link_issue(user=cast.colleague, issued_by=admin_user)
    lifetime = issued.invitation.expires_at - issued.invitation.created_at
    assert lifetime == datetime.timedelta(hours=2)


def test_a_wrong_code_keeps_the_link_and_says_why(cast, admin_user, link):
    client = Client()
    client.get(link)
    response = client.post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "token": "000000"}
    )
    assert response.status_code == 400
    assert "Koden er feil" in response.content.decode()
    assert EnrolmentInvitation.objects.get().used_at is None
    assert not User.objects.get(pk=cast.colleague.pk).check_password(NEW_PASSWORD)
    assert AccessEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED).exists()


def test_a_weak_or_mismatched_password_gets_a_specific_error(cast, admin_user, link):
    client = Client()
    short = _enrol(client, link, new_password1="kort", new_password2="kort")
    assert short.status_code == 400
    assert "new_password2" in short.context["form"].errors
    mismatch = _enrol(client, link, new_password2="noe-helt-annet-og-langt")
    assert mismatch.status_code == 400
    assert "new_password2" in mismatch.context["form"].errors
    assert EnrolmentInvitation.objects.get().used_at is None


def test_a_link_is_refused_for_oneself_and_for_someone_already_enrolled(cast, admin_user):
    with override("en"), pytest.raises(ValidationError, match="yourself"):
        services.enrolment_link_issue(user=admin_user, issued_by=admin_user)
    confirmed_device(cast.owner)
    with override("en"), pytest.raises(ValidationError, match="Reset"):
        services.enrolment_link_issue(user=cast.owner, issued_by=admin_user)
    assert not EnrolmentInvitation.objects.exists()


def test_an_operator_issues_a_link_from_the_command_line(cast, capsys):
    call_command("enrolment_link", "colleague")
    output = capsys.readouterr().out
    assert "/accounts/enrol/" in output
    event = AccessEvent.objects.get(action=Action.ENROLMENT_LINK_ISSUED)
    assert (event.actor, event.actor_label) == (None, "manage.py enrolment_link")


# In the admin --------------------------------------------------------------------------------


def _action(client, action, *users, **extra):
    return client.post(
        "/admin/people/user/",
        {"action": action, "_selected_action": [str(user.pk) for user in users], **extra},
    )


def test_administrator_sends_links_and_sees_one_without_e_mail_once(cast, admin_user, client_for):
    User.objects.filter(pk=cast.outsider.pk).update(email="")
    response = _action(client_for(admin_user), "enrolment_link_send", cast.colleague, cast.outsider)
    assert response.status_code == 200
    results = {row["user"].username: row for row in response.context["results"]}
    assert results["colleague"]["link"].emailed_to == "colleague@test.laget.invalid"
    shown = results["outsider"]["link"].url
    assert shown in response.content.decode()
    assert [message.to for message in mail.outbox] == [["colleague@test.laget.invalid"]]
    assert Client().get(_path(shown)).status_code == 200


def test_reset_asks_first_and_changes_nothing_before_confirmed(cast, admin_user, client_for):
    confirmed_device(cast.colleague)
    response = _action(client_for(admin_user), "second_factor_reset", cast.colleague)
    assert response.status_code == 200
    assert "confirmed" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.colleague).exists()


def test_reset_logs_the_user_out_removes_devices_sends_a_link_and_is_audited(
    cast, admin_user, client_for
):
    confirmed_device(cast.colleague)
    services.recovery_codes_renew(user=cast.colleague)
    colleague = client_for(cast.colleague)
    assert colleague.get("/").status_code == 200

    response = _action(
        client_for(admin_user), "second_factor_reset", cast.colleague, confirmed="yes"
    )
    assert response.status_code == 200
    assert response.context["results"][0]["error"] == ""

    after = colleague.get("/")
    assert after.status_code == 302
    assert after["Location"].startswith("/accounts/login/")
    assert not TOTPDevice.objects.filter(user=cast.colleague).exists()
    assert not StaticDevice.objects.filter(user=cast.colleague).exists()
    assert EnrolmentInvitation.objects.get(user=cast.colleague).is_open()
    assert len(mail.outbox) == 1
    event = AccessEvent.objects.get(action=Action.SECOND_FACTOR_RESET)
    assert (event.actor, event.actor_label, event.object_id, event.chain) == (
        admin_user,
        "porsgrunn-admin",
        str(cast.colleague.pk),
        "4001",
    )
    assert event.detail["user"] == "colleague"
    assert event.detail["reset_by"] == "porsgrunn-admin"


def test_administrator_cannot_reset_her_own_second_factor(cast, admin_user, client_for):
    client = client_for(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _action(client, "second_factor_reset", admin_user, confirmed="yes")
    assert response.status_code == 200
    assert "your own second factor" in response.context["results"][0]["error"]
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    assert client.get("/admin/").status_code == 200  # still logged in
    assert not AccessEvent.objects.filter(action=Action.SECOND_FACTOR_RESET).exists()
    with pytest.raises(ValidationError):
        services.user_second_factor_reset(user=admin_user, reset_by=admin_user)


def test_administrator_cannot_reach_a_user_of_another_municipality(cast, admin_user, client_for):
    confirmed_device(cast.foreigner)
    _action(client_for(admin_user), "second_factor_reset", cast.foreigner, confirmed="yes")
    assert TOTPDevice.objects.filter(user=cast.foreigner).exists()
    assert not EnrolmentInvitation.objects.exists()


# Recovery codes ------------------------------------------------------------------------------


def test_a_recovery_code_works_once_and_is_audited(cast):
    confirmed_device(cast.colleague)
    code = services.recovery_codes_renew(user=cast.colleague)[0]

    client = Client()
    _login(client, "colleague")
    response = client.post("/accounts/two-factor/recovery/", {"recovery_code": code, "next": "/"})
    assert response["Location"] == "/teams/"
    assert client.get("/").status_code == 200
    used = AccessEvent.objects.get(action=Action.RECOVERY_CODE_USED)
    assert (used.actor, used.detail["remaining"]) == (cast.colleague, 9)

    again = Client()
    _login(again, "colleague")
    refused = again.post("/accounts/two-factor/recovery/", {"recovery_code": code})
    assert refused.status_code == 400
    assert "recovery_code" in refused.context["recovery_form"].errors
    assert again.get("/").status_code == 302
    assert AccessEvent.objects.filter(
        action=Action.SECOND_FACTOR_FAILED, detail__method="recovery code"
    ).exists()


def test_a_recovery_code_is_forgiven_spaces_and_capitals(cast):
    confirmed_device(cast.colleague)
    code = services.recovery_codes_renew(user=cast.colleague)[0]
    client = Client()
    _login(client, "colleague")
    typed = f" {code[:4].upper()} {code[4:]} "
    assert (
        client.post("/accounts/two-factor/recovery/", {"recovery_code": typed}).status_code == 302
    )


def test_new_recovery_codes_replace_the_old_set(cast, client_for):
    confirmed_device(cast.colleague)
    old = services.recovery_codes_renew(user=cast.colleague)
    client = client_for(cast.colleague)
    page = client.get("/accounts/two-factor/recovery-codes/")
    assert (page.context["codes"], page.context["remaining"]) == ([], 10)
    assert client.post("/accounts/two-factor/recovery-codes/").status_code == 302
    shown = client.get("/accounts/two-factor/recovery-codes/").context["codes"]
    assert len(shown) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert AccessEvent.objects.filter(action=Action.RECOVERY_CODES_RENEWED).count() == 2


def test_recovery_codes_page_needs_the_second_factor(cast):
    confirmed_device(cast.colleague)
    client = Client()
    _login(client, "colleague")
    assert client.post("/accounts/two-factor/recovery-codes/").status_code == 302
    assert not StaticDevice.objects.filter(user=cast.colleague).exists()
