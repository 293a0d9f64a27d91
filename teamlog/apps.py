from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamlogConfig(AppConfig):
    name = "teamlog"
    verbose_name = _("The team log (stafettlogg)")
