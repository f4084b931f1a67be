"""What each list exports: its published rows, filtered and ordered as the list page shows them.

Each function takes the request's query and returns the rows lazily, a chunk at a time: one
query for a chunk of CHUNK_SIZE rows plus one per prefetched relation, so the cost grows with
the number of chunks, never of rows, and no more than a chunk is in memory at once.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementDocument, Party, SavingsClaim
from contacts.models import Contact, Program
from exports import columns
from municipalities.alphabet import NAME_ORDER
from municipalities.filters import BodyFilter
from municipalities.models import PublicBody
from portal.models import PublicationStatus
from search.engine import RankedResults
from services.models import ServiceCategory, ServiceKind
from statutes.models import Statute

# Rows fetched (and prefetched for) at a time; tests lower it to see queries grow per chunk.
CHUNK_SIZE = 1000

PUBLISHED = PublicationStatus.PUBLISHED


def _chunked(queryset) -> Iterator:
    # Read at call time, so that tests can lower it.
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _ranked_chunked(results: RankedResults) -> Iterator:
    """Search results in rank order: their ids at once (one query), their rows chunk by chunk."""
    for start in range(0, len(results), CHUNK_SIZE):
        yield from results[start : start + CHUNK_SIZE]


def _agreements_with_everything(queryset):
    """What an agreement's row holds: published categories, statutes and parties only."""
    return queryset.prefetch_related(None).prefetch_related(
        Prefetch("categories", queryset=ServiceCategory.objects.published()),
        Prefetch(
            "parties",
            queryset=Party.objects.visible().select_related("body").order_by("role", "body__name"),
        ),
        Prefetch("statutes", queryset=Statute.objects.published()),
        Prefetch("documents", queryset=AgreementDocument.objects.order_by("kind", "title", "pk")),
        Prefetch("savings_claims", queryset=SavingsClaim.objects.select_related("source")),
        "sources",
    )


def agreements(query) -> Iterator[Agreement]:
    """The library's results for `query`: its FilterSet, search and sort, as /agreements/ shows.

    Unlike the page, which redirects to drop a value it does not know, the export applies the
    query as it is: a malformed value is ignored, an unknown slug matches nothing.
    """
    results = AgreementFilter(query, queryset=Agreement.objects.published()).sorted_qs()
    if isinstance(results, RankedResults):
        results.queryset = _agreements_with_everything(results.queryset)
        return _ranked_chunked(results)
    return _chunked(_agreements_with_everything(results))


def municipalities(query) -> Iterator[PublicBody]:
    """The bodies /municipalities/ lists for `query`, A to Z as there; invalid filters ignored."""
    filterset = BodyFilter(
        query or None, queryset=PublicBody.objects.published().order_by(*NAME_ORDER)
    )
    bodies = (
        filterset.qs.select_related("parent")
        .prefetch_related("sources")
        .annotate(
            agreement_count=Count(
                "parties__agreement",
                filter=Q(parties__agreement__publication=PUBLISHED),
                distinct=True,
            )
        )
    )
    return _chunked(bodies)


def services(query) -> Iterator[ServiceCategory]:
    """Every published category, grouped by kind in the order /services/ shows them."""
    kind_order = Case(
        *[When(kind=kind, then=Value(index)) for index, kind in enumerate(ServiceKind.values)],
        output_field=IntegerField(),
    )
    categories = (
        ServiceCategory.objects.published()
        .annotate(
            agreement_count=Count(
                "agreements", filter=Q(agreements__publication=PUBLISHED), distinct=True
            )
        )
        .order_by(kind_order, *ServiceCategory._meta.ordering, "pk")
        .prefetch_related("sources")
    )
    return _chunked(categories)


def statutes(query) -> Iterator[Statute]:
    """Every published statute, in the order /statutes/ shows them."""
    return _chunked(
        Statute.objects.published()
        .order_by(*Statute._meta.ordering, "pk")
        .prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.published()), "sources"
        )
    )


def programs(query) -> Iterator[Program]:
    """Every published program, in the order /programs/ shows them."""
    return _chunked(
        Program.objects.published()
        .order_by(*Program._meta.ordering, "pk")
        .select_related("administering_body")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.published()),
            Prefetch("statutes", queryset=Statute.objects.published()),
            "sources",
        )
    )


@dataclass(frozen=True)
class Export:
    kind: str  # the list's address (/agreements/) and the download's name
    rows: Callable[..., Iterator]  # the request's query → the rows, lazily
    columns: list[columns.Column]


EXPORTS = {
    export.kind: export
    for export in [
        Export("agreements", agreements, columns.AGREEMENTS),
        Export("municipalities", municipalities, columns.MUNICIPALITIES),
        Export("services", services, columns.SERVICES),
        Export("statutes", statutes, columns.STATUTES),
        Export("programs", programs, columns.PROGRAMS),
    ]
}
