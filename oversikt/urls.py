from django.urls import path

from oversikt import views

app_name = "oversikt"

urlpatterns = [
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/csv/", views.statistics_download, name="statistics_csv"),
    path("kommune/", views.municipality, name="municipality"),
    path("kommune/csv/", views.municipality_download, name="municipality_csv"),
    path("kommune/pdf/", views.municipality_report, name="municipality_pdf"),
]
