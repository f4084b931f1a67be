"""The database side of a full-text index, described once for migrations, checks and queries.

A `FullTextIndex` names a table and its text columns, each with a weight from A (highest) to
D. From that it writes what each database needs to keep the index current by itself:

- PostgreSQL: a `search_vector` tsvector column filled by a trigger (English stemming, weighted
  columns) and a GIN index over it;
- SQLite: an external-content FTS5 table (Porter stemmer) kept in step by three triggers.

The migration operation `search.operations.CreateFullTextIndex` creates these objects, the
system check `search.E001` reports any that are missing, and the engine ranks with the same
weights on both databases.
"""

from dataclasses import dataclass

# Rank weight of each letter, on both databases (bm25 multipliers on SQLite, ts_rank on PG).
WEIGHT_VALUES = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.05}


@dataclass(frozen=True)
class FullTextIndex:
    table: str
    columns: tuple[tuple[str, str], ...]  # (column, weight letter), most important first
    config: str = "english"

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def column_names(self) -> list[str]:
        return [column for column, _ in self.columns]

    @property
    def weights(self) -> list[float]:
        return [WEIGHT_VALUES[letter] for _, letter in self.columns]

    # --- PostgreSQL -------------------------------------------------------------------------

    @property
    def pg_function(self) -> str:
        return f"{self.table}_vector"

    @property
    def pg_trigger(self) -> str:
        return f"{self.table}_vector"

    @property
    def pg_index(self) -> str:
        return f"{self.table}_vector_gin"

    def _postgresql_create(self) -> list[str]:
        vector = "\n            || ".join(
            f"setweight(to_tsvector('pg_catalog.{self.config}', coalesce(NEW.{column}, '')), "
            f"'{letter}')"
            for column, letter in self.columns
        )
        return [
            f"""
            CREATE OR REPLACE FUNCTION {self.pg_function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector := {vector};
                RETURN NEW;
            END
            $$
            """,
            f"DROP TRIGGER IF EXISTS {self.pg_trigger} ON {self.table}",
            f"""
            CREATE TRIGGER {self.pg_trigger} BEFORE INSERT OR UPDATE ON {self.table}
            FOR EACH ROW EXECUTE FUNCTION {self.pg_function}()
            """,
            f"CREATE INDEX IF NOT EXISTS {self.pg_index} ON {self.table} USING gin (search_vector)",
            # Rows written before the trigger existed get their vector now.
            f"UPDATE {self.table} SET id = id",
        ]

    def _postgresql_drop(self) -> list[str]:
        return [
            f"DROP INDEX IF EXISTS {self.pg_index}",
            f"DROP TRIGGER IF EXISTS {self.pg_trigger} ON {self.table}",
            f"DROP FUNCTION IF EXISTS {self.pg_function}()",
        ]

    # --- SQLite -----------------------------------------------------------------------------

    def sqlite_triggers(self) -> dict[str, str]:
        columns = ", ".join(self.column_names)
        new = ", ".join(f"new.{column}" for column in self.column_names)
        old = ", ".join(f"old.{column}" for column in self.column_names)
        fts = self.fts_table
        insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"
        delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"
        return {
            f"{fts}_insert": f"AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"{fts}_delete": f"AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"{fts}_update": f"AFTER UPDATE ON {self.table} BEGIN {delete} {insert} END",
        }

    def _sqlite_create(self) -> list[str]:
        return [
            f"""
            CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} USING fts5(
                {", ".join(self.column_names)},
                content='{self.table}', content_rowid='id',
                tokenize='porter unicode61 remove_diacritics 2'
            )
            """,
            *(
                f"CREATE TRIGGER IF NOT EXISTS {name} {body}"
                for name, body in self.sqlite_triggers().items()
            ),
            # Index whatever rows exist already (none on a fresh database).
            f"INSERT INTO {self.fts_table}({self.fts_table}) VALUES ('rebuild')",
        ]

    def _sqlite_drop(self) -> list[str]:
        return [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite_triggers()),
            f"DROP TABLE IF EXISTS {self.fts_table}",
        ]

    # --- Both -------------------------------------------------------------------------------

    def create_sql(self, vendor: str) -> list[str]:
        return {"postgresql": self._postgresql_create, "sqlite": self._sqlite_create}.get(
            vendor, list
        )()

    def drop_sql(self, vendor: str) -> list[str]:
        return {"postgresql": self._postgresql_drop, "sqlite": self._sqlite_drop}.get(
            vendor, list
        )()

    def missing_objects(self, connection) -> list[str]:
        """Names of the database objects this index needs that the database lacks."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
                    [self.pg_trigger],
                )
                trigger = cursor.fetchone()
                cursor.execute(
                    "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s",
                    [self.table, self.pg_index],
                )
                index = cursor.fetchone()
                cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [self.pg_function])
                function = cursor.fetchone()
                wanted = {
                    f"trigger {self.pg_trigger}": trigger,
                    f"GIN index {self.pg_index}": index,
                    f"function {self.pg_function}()": function,
                }
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
                present = {row[0] for row in cursor.fetchall()}
                wanted = {f"FTS5 table {self.fts_table}": self.fts_table in present}
                wanted |= {f"trigger {name}": name in present for name in self.sqlite_triggers()}
            else:
                return []
        return [name for name, found in wanted.items() if not found]
