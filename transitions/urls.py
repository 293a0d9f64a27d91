from django.urls import path

from transitions import views

app_name = "transitions"

urlpatterns = [
    path("teams/<uuid:team_id>/transitions/", views.team_transitions, name="team"),
    path("teams/<uuid:team_id>/transitions/new/", views.transition_new, name="new"),
    path("transitions/<uuid:transition_id>/", views.transition_detail, name="detail"),
    path("transitions/units/<uuid:unit_id>/", views.unit_incoming, name="incoming"),
]
