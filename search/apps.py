from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import checks as search_checks
        from search import management_hooks
        from search.registry import site

        autodiscover_modules("search")
        site.connect_all()
        checks.register(search_checks.fulltext_index_present, checks.Tags.database)
        checks.register(search_checks.fulltext_index_present_at_startup)
        post_migrate.connect(
            management_hooks.index_after_migrate, sender=self, dispatch_uid="search.migrate"
        )
