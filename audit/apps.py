from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from audit.checks import anchor_keys_check


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        checks.register(anchor_keys_check)
