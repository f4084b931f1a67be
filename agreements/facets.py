"""The library's facet counts over every published agreement, kept up to date at commit.

Counting the unfiltered library's facets meant grouping every party, category and statute
link of every agreement on each request (about 500 ms at 100,000 agreements). Instead each
published agreement's facet values are stored as rows of `FacetKey`, and `FacetCount` holds how
many agreements have each value. Both are written only here, by `refresh`, which the search
indexer calls for each batch of agreements it indexes at commit (see `AgreementSearch.indexed`):
so every change that reindexes an agreement (its own save or delete, a party, a category, a
statute, a document, a body's name, kind or publication) updates its facet values as well.

`refresh` compares an agreement's stored values with its values now and applies the
difference to the counts. `rebuild_search_index` empties both tables first (`clear`) and then
refreshes every agreement, so any drift is repaired by the command that repairs the index.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat

from agreements.models import Agreement, AgreementDocument, FacetCount, FacetKey, Party

# The values stored per agreement: what each library facet counts. Status and "has documents"
# are one combined value, so each can be counted under the other's filter from the summary.
BODY, KIND, CATEGORY, STATUTE, STATUS_DOCUMENTS = "body", "kind", "category", "statute", "sd"


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
    change = Counter((f, v) for _, f, v in added)
    change.subtract(Counter((f, v) for _, f, v in removed))
    _count(change)


def _count(change: Counter) -> None:
    """Add each change to its value's count, in the database (concurrent changes add up)."""
    rows = [(facet, value, n) for (facet, value), n in sorted(change.items()) if n]
    if not rows:
        return
    table = FacetCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (facet, value, n) VALUES (%s, %s, %s) "
            f"ON CONFLICT (facet, value) DO UPDATE SET n = {table}.n + excluded.n",
            rows,
        )
    FacetCount.objects.filter(n__lte=0).delete()


def clear() -> None:
    """Forget every stored value and count: `rebuild_search_index` then refreshes them all."""
    FacetKey.objects.all().delete()
    FacetCount.objects.all().delete()


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
    tables = connections[using].introspection.table_names()
    if FacetCount._meta.db_table not in tables or FacetKey._meta.db_table not in tables:
        return  # migrated back to before the counts
    if FacetKey.objects.exists() or not Agreement.objects.published().exists():
        return
    ids = list(Agreement._base_manager.values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            refresh(ids[start : start + 500])
