"""System checks of the portal's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def page_cache_is_shared(app_configs=None, **kwargs):
    """Pages cached in one process's memory are invalidated in that process only: with several
    gunicorn workers or servers, the others would serve an old page for PAGE_CACHE_SECONDS."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "Pages are cached in each process's own memory (CACHE_URL=locmem://).",
                hint="With more than one process (gunicorn workers, servers), set CACHE_URL to a "
                "shared cache such as redis://127.0.0.1:6379/0, or PAGE_CACHE_SECONDS=0.",
                id="portal.W001",
            )
        ]
    return []
