from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Staff and roles")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from people.models import Membership
        from people.selectors import memberships_forget

        # A request that changes a membership reads them again after (memberships_in_force).
        post_save.connect(memberships_forget, sender=Membership, dispatch_uid="memberships_forget")
        post_delete.connect(
            memberships_forget, sender=Membership, dispatch_uid="memberships_forget_deleted"
        )
