from django.urls import path

from rights import views

app_name = "rights"

urlpatterns = [
    path("", views.age_limits, name="age_limits"),
    path("check/", views.check, name="check"),
    path("duties/", views.duties, name="duties"),
    path("history/", views.history, name="history"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<uuid:review_id>/approve/", views.review_approve, name="review_approve"),
    path("reviews/<uuid:review_id>/reject/", views.review_reject, name="review_reject"),
]
