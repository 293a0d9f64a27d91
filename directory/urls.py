from django.urls import path

from directory import api, views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
    path("services/<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("services/<uuid:service_id>/needs/", views.service_needs, name="service_needs"),
    path("overview/", views.overview, name="overview"),
    path("review/", views.review, name="review"),
]

# The Open Referral HSDS 3.0 API, mounted at /api/hsds/ by config/urls.py (paths as openapi.json:
# no trailing slashes).
api_urlpatterns = [
    path("", api.api_root, name="api_root"),
    path("profile/", api.api_profile, name="api_profile"),
    path("profile/<str:entity>.json", api.api_profile_schema, name="api_profile_schema"),
    path("services", api.api_services, name="api_services"),
    path("services/<str:service_id>", api.api_service, name="api_service"),
    path("organizations", api.api_organizations, name="api_organizations"),
    path("organizations/<str:organization_id>", api.api_organization, name="api_organization"),
    path("service_at_locations", api.api_service_at_locations, name="api_service_at_locations"),
    path(
        "service_at_locations/<str:service_at_location_id>",
        api.api_service_at_location,
        name="api_service_at_location",
    ),
    path("taxonomies", api.api_taxonomies, name="api_taxonomies"),
    path("taxonomies/<str:taxonomy_id>", api.api_taxonomy, name="api_taxonomy"),
    path("taxonomy_terms", api.api_taxonomy_terms, name="api_taxonomy_terms"),
    path(
        "taxonomy_terms/<str:taxonomy_term_id>",
        api.api_taxonomy_term,
        name="api_taxonomy_term",
    ),
    # Last: every other path answers 404 as problem details too.
    path("<path:rest>", api.api_not_found, name="api_not_found"),
]
