from django.urls import path

from digest import views

app_name = "digest"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/", views.subscription, name="subscription"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("forhandsvisning/", views.editor_preview, name="editor_preview"),
]
