from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Site"

    def ready(self):
        from portal.housekeeping import analyze_after_migrate

        # Once per migrate (sender=self), after every app's tables exist.
        post_migrate.connect(analyze_after_migrate, sender=self)
