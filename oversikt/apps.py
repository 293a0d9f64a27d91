from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversiktConfig(AppConfig):
    name = "oversikt"
    verbose_name = _("Overview: statistics and indicators")
