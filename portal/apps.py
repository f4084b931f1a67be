from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Site"

    def ready(self):
        from portal import checks, pagecache, process  # noqa: F401 (checks registers itself)
        from portal.housekeeping import analyze_after_migrate

        pagecache.connect_signals()
        process.connect_signals()

        # Once per migrate (sender=self), after every app's tables exist.
        post_migrate.connect(analyze_after_migrate, sender=self)
