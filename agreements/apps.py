from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"

    def ready(self):
        from agreements import facets

        post_migrate.connect(facets.fill_after_migrate, sender=self, dispatch_uid="facets.fill")
