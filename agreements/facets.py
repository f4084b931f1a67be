"""The library's facet counts over every published agreement, kept up to date at commit.

Counting the unfiltered library's facets meant grouping every party, category and statute
link of every agreement on each request (about 500 ms at 100,000 agreements). Instead each
published agreement's facet values are stored as rows of `FacetKey`, and `FacetCount` holds how
many agreements have each value. Both are written only here, by `refresh`, which the search
indexer calls for each batch of agreements it indexes at commit (see `AgreementSearch.indexed`):
so every change that reindexes an agreement (its own save or delete, a party, a category, a
statute, a document, a body's name, kind or publication) updates its facet values as well.

The same tables answer how each body takes part in each service (`WAY`, for region.matrix):
its role in current agreements, counted per category.

`refresh` compares an agreement's stored values with its values now and applies the
difference to the counts. `rebuild_search_index` empties both tables first (`clear`) and then
refreshes every agreement, so any drift is repaired by the command that repairs the index.
"""

import threading
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat

from agreements.models import (
    Agreement,
    AgreementDocument,
    FacetCount,
    FacetKey,
    FacetPair,
    Party,
)
from partners.finder import CURRENT_STATUSES
from portal.db import maintenance

# The values stored per agreement: what each library facet counts. Status and "has documents"
# are one combined value, so each can be counted under the other's filter from the summary.
BODY, KIND, CATEGORY, STATUTE, STATUS_DOCUMENTS = "body", "kind", "category", "statute", "sd"
# "<body id>:<role>" of each published party to a current agreement: how each town takes part
# in each service (region.matrix). Paired with categories only: paired with every body too,
# it would add millions of pairs that nothing reads.
WAY = "way"


def _paired(facet: str, other: str) -> bool:
    """Whether the pairs of these two facets' values are counted (FacetPair)."""
    if WAY in (facet, other):
        return {facet, other} == {WAY, CATEGORY}
    return facet != other


def _keys(ids: list[int]) -> set[tuple[int, str, str]]:
    """(agreement id, facet, value) of each published agreement among `ids`, from the tables."""
    public = Agreement.objects.published().filter(pk__in=ids)
    has = Exists(AgreementDocument.objects.filter(agreement=OuterRef("pk")))
    text = CharField()
    links = [
        Party.objects.filter(agreement__in=public.values("pk")).values_list(
            "agreement_id", Value(BODY, text), Cast("body_id", text)
        ),
        Party.objects.visible()
        .filter(agreement__in=public.values("pk"))
        .values_list("agreement_id", Value(KIND, text), F("body__kind")),
        Party.objects.visible()
        .filter(agreement__in=public.filter(status__in=CURRENT_STATUSES).values("pk"))
        .values_list(
            "agreement_id", Value(WAY, text), Concat(Cast("body_id", text), Value(":"), "role")
        ),
        Agreement.categories.through.objects.filter(agreement__in=public.values("pk")).values_list(
            "agreement_id", Value(CATEGORY, text), Cast("servicecategory_id", text)
        ),
        Agreement.statutes.through.objects.filter(agreement__in=public.values("pk")).values_list(
            "agreement_id", Value(STATUTE, text), Cast("statute_id", text)
        ),
        public.values_list(
            "pk",
            Value(STATUS_DOCUMENTS, text),
            Concat("status", Value(":"), Case(When(has, then=Value("yes")), default=Value("no"))),
        ),
    ]
    rows = set()
    for part in links:
        rows.update(part.order_by())
    return rows


_local = threading.local()


@contextmanager
def bulk():
    """Store values only, and count them all once at the end (in a transaction): for loads of
    thousands of agreements. Adding to the same counts batch after batch in one transaction
    slowed each batch down (PostgreSQL keeps every version of an updated row until commit)."""
    if getattr(_local, "bulk", False):
        yield
        return
    _local.bulk = True
    try:
        with transaction.atomic():
            yield
            recount()
    finally:
        _local.bulk = False


def recount() -> None:
    """Every count and pair count again from the stored values: two set-based statements
    (call in a transaction)."""
    FacetCount.objects.all().delete()
    FacetPair.objects.all().delete()
    keys = FacetKey._meta.db_table
    # Grouping millions of pairs is maintenance, not a web request: no time limit (see
    # portal.db), and memory enough to group without disk.
    with maintenance(connection), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"INSERT INTO {FacetCount._meta.db_table} (facet, value, n) "
            f"SELECT facet, value, COUNT(*) FROM {keys} GROUP BY facet, value"
        )
        cursor.execute(
            f"INSERT INTO {FacetPair._meta.db_table} "
            f"(facet, value, other_facet, other_value, n) "
            f"SELECT a.facet, a.value, b.facet, b.value, COUNT(*) FROM {keys} a "
            f"JOIN {keys} b ON b.agreement_id = a.agreement_id AND b.facet <> a.facet "
            # The pairs `_paired` allows: no way with anything but a category.
            f"WHERE (a.facet <> %s OR b.facet = %s) AND (b.facet <> %s OR a.facet = %s) "
            f"GROUP BY a.facet, a.value, b.facet, b.value",
            [WAY, CATEGORY, WAY, CATEGORY],
        )


def refresh(ids: Iterable[int]) -> None:
    """Store the facet values of these agreements as they are now, and count the difference.

    Call inside a transaction; it locks the agreements' rows (on PostgreSQL) so that two
    transactions refreshing the same agreement cannot both count its change.
    """
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return
    list(Agreement._base_manager.select_for_update().filter(pk__in=ids).values_list("pk"))
    stored = {
        (agreement_id, facet, value): pk
        for pk, agreement_id, facet, value in FacetKey.objects.filter(
            agreement_id__in=ids
        ).values_list("pk", "agreement_id", "facet", "value")
    }
    now = _keys(ids)
    added = now - stored.keys()
    removed = stored.keys() - now
    if removed:
        FacetKey.objects.filter(pk__in=[stored[key] for key in removed]).delete()
    FacetKey.objects.bulk_create(
        [FacetKey(agreement_id=a, facet=f, value=v) for a, f, v in added], batch_size=1000
    )
    if getattr(_local, "bulk", False):
        return  # counted at the end (see `bulk`)
    change = Counter((f, v) for _, f, v in added)
    change.subtract(Counter((f, v) for _, f, v in removed))
    _add(FacetCount, ["facet", "value"], change)
    # Pairs of values, of agreements whose values changed: as they are now, less as they were.
    changed = {agreement_id for agreement_id, _, _ in added | removed}
    pairs = Counter()
    for sign, keys in ((1, now), (-1, stored.keys())):
        by_agreement = {}
        for agreement_id, facet, value in keys:
            if agreement_id in changed:
                by_agreement.setdefault(agreement_id, []).append((facet, value))
        for values in by_agreement.values():
            for a in values:
                for b in values:
                    if _paired(a[0], b[0]):
                        pairs[(*a, *b)] += sign
    _add(FacetPair, ["facet", "value", "other_facet", "other_value"], pairs)


def _add(model, fields: list[str], change: Counter) -> None:
    """Add each change to its row's count `n`, in the database (concurrent changes add up);
    rows counting nothing any more are deleted."""
    rows = [(*key, n) for key, n in sorted(change.items()) if n]
    if not rows:
        return
    table, columns = model._meta.db_table, ", ".join([*fields, "n"])
    width = len(fields) + 1
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join([f"({', '.join(['%s'] * width)})"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({', '.join(fields)}) DO UPDATE SET n = {table}.n + excluded.n",
                [item for row in chunk for item in row],
            )
    if any(n < 0 for *_, n in rows):
        model.objects.filter(n__lte=0).delete()


def clear() -> None:
    """Forget every stored value and count: `rebuild_search_index` then refreshes them all."""
    FacetKey.objects.all().delete()
    FacetCount.objects.all().delete()
    FacetPair.objects.all().delete()


def kept_count(facet: str):
    """An expression: the outer row's (a category's, a statute's, a body's) kept count of
    published agreements, or 0."""
    kept = FacetCount.objects.filter(facet=facet, value=Cast(OuterRef("pk"), CharField()))
    return Coalesce(Subquery(kept.values("n")[:1]), 0)


def total() -> int:
    """How many agreements are published: each has one (status, documents) value."""
    return FacetCount.objects.filter(facet=STATUS_DOCUMENTS).aggregate(n=Sum("n"))["n"] or 0


def counts(facet: str) -> dict[str, int]:
    """How many published agreements have each value of this facet (none: not listed)."""
    return dict(FacetCount.objects.filter(facet=facet).values_list("value", "n"))


def fill_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Count an existing library's facet values once, on the migrate that adds the tables."""
    if using != DEFAULT_DB_ALIAS:
        return
    tables = set(connections[using].introspection.table_names())
    if not {model._meta.db_table for model in (FacetCount, FacetKey, FacetPair)} <= tables:
        return  # migrated back to before the counts
    if not Agreement.objects.published().exists():
        return
    if FacetKey.objects.exists() and FacetPair.objects.exists():
        return
    clear()
    ids = list(Agreement._base_manager.values_list("pk", flat=True))
    with bulk():
        for start in range(0, len(ids), 500):
            refresh(ids[start : start + 500])
