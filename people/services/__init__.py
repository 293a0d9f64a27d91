"""Accounts, log-in and access: sessions and the second factor, enrolment, deactivation and
memberships granted by two administrators. Each write is one transaction with its access event.

One module per subject; the public names are re-exported here, so `from people.services import
…` and `services.<name>` work for all of them."""

from people.services.accounts import user_deactivate
from people.services.enrolment import (
    EnrolmentLink,
    enrolment_complete,
    enrolment_link_issue,
    recovery_codes_renew,
    totp_device_pending,
    user_second_factor_reset,
)
from people.services.memberships import (
    membership_grant_seed,
    membership_request_approve,
    membership_request_check,
    membership_request_create,
    membership_request_refuse,
)
from people.services.sessions import (
    user_login,
    user_login_failed,
    user_logout,
    user_logout_everywhere,
    user_recovery_code_use,
    user_second_factor_failed,
    user_second_factor_verify,
    user_sessions_end,
)

__all__ = [
    "EnrolmentLink",
    "enrolment_complete",
    "enrolment_link_issue",
    "membership_grant_seed",
    "membership_request_approve",
    "membership_request_check",
    "membership_request_create",
    "membership_request_refuse",
    "recovery_codes_renew",
    "totp_device_pending",
    "user_deactivate",
    "user_login",
    "user_login_failed",
    "user_logout",
    "user_logout_everywhere",
    "user_recovery_code_use",
    "user_second_factor_failed",
    "user_second_factor_reset",
    "user_second_factor_verify",
    "user_sessions_end",
]
