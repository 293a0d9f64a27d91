"""Request types for views: after LoginRequiredMiddleware every view's user is a staff User."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def staff_user(request: HttpRequest) -> User:
    """The staff user of a request that only signed-in staff reach (a page behind
    LoginRequiredMiddleware, the admin site), where Django's types still allow an
    AnonymousUser. Anyone else is refused, though they never get this far."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
