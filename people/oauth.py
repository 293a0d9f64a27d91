"""django-oauth-toolkit's hooks for system clients (people/clients.py): the token endpoint
(`/api/oauth/token/`, client credentials only) issues a token only to a live client (not
revoked, not expired, its application a confidential client-credentials one), and only for
scopes the client was registered with; no scope asked for means all of them."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from people.clients import client_of_application
from people.tokens import ALL_SCOPES, scope_choices


class SystemClientScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return dict(scope_choices())

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        client = client_of_application(application)
        return [] if client is None else [s for s in client.scope_list if s in ALL_SCOPES]

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return self.get_available_scopes(application, request)


class SystemClientValidator(OAuth2Validator):
    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        """The client's id and secret are right, and the client is live."""
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = client_of_application(request.client)
        return client is not None and client.is_live and client.user.is_active

    def authenticate_client_id(
        self, client_id: str, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        # Every system client is confidential: a client id without its secret is nobody.
        return False

    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        return grant_type == "client_credentials" and super().validate_grant_type(
            client_id, grant_type, client, request, *args, **kwargs
        )
