from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "core"


class LagetAdminConfig(admin_apps.AdminConfig):
    """Django admin with Laget's site: municipal administrators see their own municipality only."""

    default = False
    default_site = "core.admin.LagetAdminSite"
