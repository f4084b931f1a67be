"""The full-text index's database objects: created by a migration operation, watched by a
system check that fails when any is missing (both databases)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, transaction

from search.checks import fulltext_index_present
from search.models import Document
from search.operations import CreateFullTextIndex, DropFullTextIndex

pytestmark = pytest.mark.django_db
INDEX = Document.FULLTEXT


class Restore(Exception):
    """Raised to roll the DDL of a test back (both databases have transactional DDL)."""


class Editor:
    """What the operations use of a schema editor; Django's SQLite editor refuses to run inside
    the test's transaction, so this one runs the same statements on the test's connection."""

    connection = connection

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _objects():
    if connection.vendor == "postgresql":
        return [
            f"DROP TRIGGER {INDEX.pg_trigger} ON {INDEX.table}",
            f"DROP INDEX {INDEX.pg_index}",
        ]
    return [f"DROP TRIGGER {name}" for name in INDEX.sqlite_triggers()] + [
        f"DROP TABLE {INDEX.fts_table}"
    ]


def test_the_check_passes_on_a_migrated_database():
    assert fulltext_index_present(databases=["default"]) == []
    assert INDEX.missing_objects(connection) == []


@pytest.mark.parametrize("statement", _objects())
def test_the_check_fails_when_an_index_object_is_dropped(statement):
    with pytest.raises(Restore), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
        errors = fulltext_index_present(databases=["default"])
        assert [error.id for error in errors] == ["search.E001"]
        assert "missing" in errors[0].msg and "rebuild_search_index" in errors[0].hint
        with pytest.raises(SystemCheckError, match="search.E001"):
            call_command("check", "--database", "default", verbosity=0)
        raise Restore

    assert fulltext_index_present(databases=["default"]) == []


def test_the_operation_creates_and_drops_every_object_and_reverses():
    operation = CreateFullTextIndex(INDEX.table, INDEX.columns)
    assert operation.deconstruct() == (
        "CreateFullTextIndex",
        [INDEX.table, [tuple(c) for c in INDEX.columns]],
        {"config": "english"},
    )
    with pytest.raises(Restore), transaction.atomic():
        DropFullTextIndex(INDEX.table, INDEX.columns).database_forwards(
            "search", Editor(), None, None
        )
        assert len(INDEX.missing_objects(connection)) >= 2
        operation.database_forwards("search", Editor(), None, None)
        assert INDEX.missing_objects(connection) == []
        raise Restore


def test_an_index_rebuilt_by_the_operation_is_filled_from_existing_rows():
    from tests.factories import make_agreement

    make_agreement("Regional kennel")
    with pytest.raises(Restore), transaction.atomic():
        DropFullTextIndex(INDEX.table, INDEX.columns).database_forwards(
            "search", Editor(), None, None
        )
        CreateFullTextIndex(INDEX.table, INDEX.columns).database_forwards(
            "search", Editor(), None, None
        )
        from search.engine import search_site

        assert search_site("kennels").group("agreement").count == 1
        raise Restore
