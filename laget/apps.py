from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class LagetConfig(AppConfig):
    """The top of the app graph: what joins the other apps together – the start page, the admin
    site, the request's database scope, the demo data and the daily jobs (docs/architecture.md)."""

    name = "laget"


class LagetAdminConfig(admin_apps.AdminConfig):
    """Django admin with Laget's site: municipal administrators see their own municipality only."""

    default = False
    default_site = "laget.admin.LagetAdminSite"
