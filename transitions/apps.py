from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transitions"
    verbose_name = _("Transitions")
