from django.apps import AppConfig


class TenancyConfig(AppConfig):
    """The second wall between municipalities: PostgreSQL row-level security (docs/security.md)."""

    name = "tenancy"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from tenancy import scope

        connection_created.connect(scope.connection_prepare, dispatch_uid="tenancy_prepare")
        request_finished.connect(scope.scopes_reset_after_request, dispatch_uid="tenancy_reset")
