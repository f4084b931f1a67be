from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Site"

    def ready(self):
        from portal import signals

        signals.connect()
        post_migrate.connect(
            signals.index_after_migrate, sender=self, dispatch_uid="portal.search.migrate"
        )
