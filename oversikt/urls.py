from django.urls import path

from oversikt import views, views_programme, views_state

app_name = "oversikt"

urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/csv/", views.statistics_download, name="statistics_csv"),
    path("kommune/", views.municipality, name="municipality"),
    path("kommune/csv/", views.municipality_download, name="municipality_csv"),
    path("kommune/pdf/", views.municipality_report, name="municipality_pdf"),
    path("side-om-side/", views_state.places, name="places"),
    path("side-om-side/csv/", views_state.places_download, name="places_csv"),
    path("oppfolging/", views_programme.programmes, name="programmes"),
    path("oppfolging/erfaringer/", views_programme.notes, name="notes"),
    path("oppfolging/<int:programme_id>/", views_programme.programme, name="programme"),
]
