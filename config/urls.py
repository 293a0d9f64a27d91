from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from oauth2_provider.views import TokenView

from concerns import urls as concern_urls
from directory.urls import api_urlpatterns as hsds_api
from teams.urls import concern_urlpatterns as team_opening

urlpatterns = [
    path("", include("core.urls")),
    path("", include("laget.urls")),
    path("accounts/", include("people.urls")),
    path("units/", include("people.unit_urls")),
    path("units/", include("teams.unit_urls")),
    path("directory/", include("directory.urls")),
    path("api/hsds/", include(hsds_api)),
    path("api/v1/", include("config.api_v1")),
    # System clients get their access tokens here (client credentials only, people/clients.py).
    path("api/oauth/token/", login_not_required(TokenView.as_view()), name="oauth_token"),
    path("rights/", include("rights.urls")),
    path("knowledge/", include("knowledge.urls")),
    # A concern's pages, with opening its team (the team's views) in the same namespace.
    path("concerns/", include((concern_urls.urlpatterns + team_opening, "concerns"))),
    path("teams/", include("teams.urls")),
    path("teams/<uuid:team_id>/plan/", include("plans.urls")),
    path("", include("transitions.urls")),
    path("portal/", include("portal.urls")),
    path("oversikt/", include("oversikt.urls")),
    path("tilskudd/", include("grants.urls")),
    path("nyhetsbrev/", include("digest.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
