"""Request types for views: after LoginRequiredMiddleware every view's user is a staff User."""

from django.http import HttpRequest

from people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
