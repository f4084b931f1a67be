"""System check search.E001: the database objects of the full-text index are all there.

They live outside the model state (see search.fulltext), so a table rebuilt by a later
migration, or a restore that skipped triggers, would otherwise lose them silently: search would
go on answering from a stale index. `manage.py check --database default` runs this check, and
so does every management command that starts the server (`runserver`, `migrate` skips it).
"""

from django.core import checks
from django.db import DatabaseError, connections

from search.models import Document

FIX = (
    "Recreate the index with `manage.py migrate --skip-checks search zero` and then "
    "`manage.py migrate` (or add a migration running search.operations.CreateFullTextIndex), "
    "then run `manage.py rebuild_search_index`."
)


def _check(alias: str) -> list[checks.CheckMessage]:
    connection = connections[alias]
    try:
        if Document._meta.db_table not in connection.introspection.table_names():
            return []  # not migrated yet: migrate will create everything
        missing = Document.FULLTEXT.missing_objects(connection)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_indexes WHERE tablename = 'search_word' "
                    "AND indexname = 'search_word_trgm'"
                )
                if cursor.fetchone() is None:
                    missing.append("trigram index search_word_trgm (spelling suggestions)")
    except DatabaseError:
        return []  # no database to look at (e.g. collectstatic on a build machine)
    return [
        checks.Error(
            f"The full-text index of {Document._meta.db_table} is missing its {name}.",
            hint=FIX,
            obj=Document,
            id="search.E001",
        )
        for name in missing
    ]


def fulltext_index_present(app_configs=None, databases=None, **kwargs):
    return [message for alias in databases or [] for message in _check(alias)]


def fulltext_index_present_at_startup(app_configs=None, **kwargs):
    """Also run when the server starts (`runserver`, `check`), not only with --database."""
    return _check("default") if kwargs.get("databases") is None else []
