"""Database housekeeping the project owns: fresh planner statistics after schema changes and
bulk loads.

SQLite keeps no statistics until someone runs ANALYZE, and without them its planner picks
table scans for the library's joins (22 s instead of 1 s at 100,000 agreements, issue 14).
PostgreSQL's autovacuum analyses in time, but not within the seconds after a bulk load, when
the first requests come. So `migrate`, `load_starter_content` and `import_agreements` end with
`analyze()`; operators who load data another way run `manage.py analyze_database`.
"""

from django.db import connections


def analyze(using: str = "default") -> None:
    """Refresh the query planner's statistics of every table (seconds at 100,000 agreements)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            # Lets SQLite also drop statistics it no longer needs and record what it learnt.
            cursor.execute("PRAGMA optimize")


def analyze_after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """post_migrate receiver: after a migrate that applied something, not after a no-op."""
    if plan:
        analyze(using)


def planner_rows(table: str, using: str = "default") -> int | None:
    """How many rows the planner believes `table` has, from the last ANALYZE; None if unknown."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each index's line starts with the table's row count.
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        return int(row[0]) if row and row[0] >= 0 else None
