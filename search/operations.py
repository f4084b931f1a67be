"""Migration operations for full-text indexes: reusable by any app with a text table.

    from search.operations import CreateFullTextIndex

    operations = [
        migrations.CreateModel(name="Document", ...),
        CreateFullTextIndex("search_document", [("title", "A"), ("summary", "B")]),
    ]

The index objects are not part of the model state (GIN DDL fails on SQLite, and FTS5 tables are
not models), so makemigrations stays quiet on both databases, and the operation reverses.
"""

from django.db import migrations

from search.fulltext import FullTextIndex


class CreateFullTextIndex(migrations.operations.base.Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, columns, config: str = "english"):
        self.table = table
        self.columns = [tuple(column) for column in columns]
        self.config = config

    @property
    def index(self) -> FullTextIndex:
        return FullTextIndex(self.table, tuple(self.columns), self.config)

    def deconstruct(self):
        return (self.__class__.__name__, [self.table, self.columns], {"config": self.config})

    def state_forwards(self, app_label, state):
        pass  # nothing in the model state changes

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.index.create_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.index.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Create the full-text index of {self.table}"

    @property
    def migration_name_fragment(self):
        return f"fulltext_{self.table}"


class DropFullTextIndex(CreateFullTextIndex):
    """The reverse of CreateFullTextIndex, e.g. before a table is removed or rebuilt."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        super().database_backwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Drop the full-text index of {self.table}"
