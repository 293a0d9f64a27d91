from __future__ import annotations

import pytest

from portal import oidc
from portal.devprovider import provider_running

CLIENT_ID = "laget-portal-test"


@pytest.fixture(scope="session")
def oidc_provider():
    with provider_running() as running:
        yield running


@pytest.fixture
def portal_oidc(settings, oidc_provider):
    """The portal configured against the running mock provider."""
    settings.PORTAL_OIDC_ISSUER = oidc_provider.url
    settings.PORTAL_OIDC_CLIENT_ID = CLIENT_ID
    settings.PORTAL_OIDC_CLIENT_SECRET = "test-secret"
    settings.PORTAL_OIDC_SCOPES = "openid profile"
    settings.PORTAL_OIDC_ACR_VALUES = ""
    oidc.clear_caches()
    yield oidc_provider
    oidc.clear_caches()
