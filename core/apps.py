from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from core.middleware import session_renewed_at_log_in


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        user_logged_in.connect(session_renewed_at_log_in, dispatch_uid="core_session_renewed")
