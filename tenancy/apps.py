from django.apps import AppConfig


class TenancyConfig(AppConfig):
    """The second wall between municipalities: PostgreSQL row-level security (docs/security.md)."""

    name = "tenancy"

    def ready(self) -> None:
        from django.core.checks import Tags, register
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from tenancy import scope
        from tenancy.checks import app_role_bound_check

        connection_created.connect(scope.connection_prepare, dispatch_uid="tenancy_prepare")
        request_finished.connect(scope.scopes_reset_after_request, dispatch_uid="tenancy_reset")
        register(app_role_bound_check, Tags.security, Tags.database, deploy=True)
