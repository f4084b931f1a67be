from django.db import DEFAULT_DB_ALIAS, connections

from search.indexing import rebuild
from search.models import Document
from search.registry import site


def index_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Fill an empty index, e.g. on a database that had content before search existed."""
    if using != DEFAULT_DB_ALIAS:
        return
    if Document._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the index
    if not Document.objects.exists() and any(
        searchable.model._base_manager.exists() for searchable in site
    ):
        rebuild()
