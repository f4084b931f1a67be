"""Full-text search over agreements, categories, bodies, statutes and programs.

Each searchable object has one SearchDocument row (see portal.models) whose text is split into
three weighted parts. The database indexes those rows itself: PostgreSQL through a tsvector
column with a GIN index (English stemming, `websearch` query syntax), SQLite through an FTS5
table with the Porter stemmer, ranked by bm25. Searches join the matching rows back to
`Model.objects.published()`, so drafts are indexed but never found by the public.

Signals in portal.signals call `index_object`/`unindex_object` and `index_objects`;
`rebuild_index` (and `manage.py rebuild_search_index`) starts over from the content.
"""

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models, transaction
from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery, Value, Window
from django.utils.html import strip_tags
from django.utils.text import capfirst

from agreements.models import Agreement, Party
from contacts.models import Program
from municipalities.models import PublicBody
from portal.markdown import render_markdown
from portal.models import SearchDocument, SearchKind
from services.models import ServiceCategory
from statutes.models import Statute

MAX_QUERY_LENGTH = 200

# Rank weights of the title (A), summary (B) and the rest (C), on both databases.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}

MODELS: dict[SearchKind, type[models.Model]] = {
    SearchKind.AGREEMENT: Agreement,
    SearchKind.CATEGORY: ServiceCategory,
    SearchKind.BODY: PublicBody,
    SearchKind.STATUTE: Statute,
    SearchKind.PROGRAM: Program,
}
KINDS: dict[type[models.Model], SearchKind] = {model: kind for kind, model in MODELS.items()}

FTS_TABLE = "portal_searchdocument_fts"
_BATCH_SIZE = 500


# --- What each kind's document says --------------------------------------------------------


def _plain(markdown: str) -> str:
    """Staff Markdown as words only: no link targets, no markup."""
    return strip_tags(render_markdown(markdown)) if markdown else ""


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _agreement_texts(ids) -> Iterable[tuple[int, str, str, str]]:
    # Only published names: an agreement must not be found through a draft body or category.
    agreements = Agreement.objects.filter(pk__in=ids).prefetch_related(
        models.Prefetch("categories", queryset=ServiceCategory.objects.published().only("name")),
        models.Prefetch("statutes", queryset=Statute.objects.published().only("citation", "title")),
        models.Prefetch(
            "parties",
            queryset=Party.objects.visible().select_related("body").only("agreement", "body__name"),
        ),
    )
    for agreement in agreements:
        rest = [party.body.name for party in agreement.parties.all()]
        rest += [category.name for category in agreement.categories.all()]
        rest += [f"{statute.citation} {statute.title}" for statute in agreement.statutes.all()]
        rest += [agreement.governance_detail, agreement.cost_sharing, agreement.legal_basis]
        yield agreement.pk, agreement.title, _plain(agreement.summary), _join(*rest)


def _category_texts(ids):
    for category in ServiceCategory.objects.filter(pk__in=ids):
        yield category.pk, category.name, category.summary, _plain(category.description)


def _body_texts(ids):
    for body in PublicBody.objects.filter(pk__in=ids):
        rest = _join(body.get_kind_display(), body.county, body.planning_region)
        yield body.pk, body.name, "", rest


def _statute_texts(ids):
    for statute in Statute.objects.filter(pk__in=ids):
        title = _join(statute.citation, statute.title)
        yield statute.pk, title, _plain(statute.summary), statute.get_kind_display()


def _program_texts(ids):
    for program in Program.objects.filter(pk__in=ids):
        title = _join(program.name, program.acronym)
        rest = _join(_plain(program.description), program.eligibility)
        yield program.pk, title, program.summary, rest


_TEXTS = {
    SearchKind.AGREEMENT: _agreement_texts,
    SearchKind.CATEGORY: _category_texts,
    SearchKind.BODY: _body_texts,
    SearchKind.STATUTE: _statute_texts,
    SearchKind.PROGRAM: _program_texts,
}


# --- Keeping the index right ---------------------------------------------------------------


def kind_of(model_or_obj) -> SearchKind | None:
    """The search kind of a model or instance, or None when it is not searchable."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return KINDS.get(model._meta.concrete_model)


def _save_documents(kind: SearchKind, rows: Iterable[tuple[int, str, str, str]]) -> set[int]:
    documents = [
        SearchDocument(kind=kind, object_id=pk, title=title[:400], summary=summary, body=body)
        for pk, title, summary, body in rows
    ]
    # An upsert: the database triggers refresh the full-text index on insert and on update.
    SearchDocument.objects.bulk_create(
        documents,
        batch_size=_BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "summary", "body"],
    )
    return {document.object_id for document in documents}


_deferred = threading.local()


@contextmanager
def deferred_indexing():
    """Collect the reindexing asked for inside the block and do it once per object at its end.

    A bulk load saves an agreement, then each of its parties, categories and sources, and each
    save asks for the agreement to be reindexed: inside this block it is indexed once. Nested
    blocks join the outermost one. The block is a transaction: if it raises, its writes roll back
    and nothing is indexed.
    """
    if getattr(_deferred, "pending", None) is not None:
        yield
        return
    # One transaction for the writes and their indexing: if the block fails, neither is kept.
    with transaction.atomic():
        _deferred.pending = defaultdict(set)
        try:
            yield
            pending = _deferred.pending
        finally:
            _deferred.pending = None
        for kind, ids in pending.items():
            index_objects(kind, ids)


def index_objects(kind: SearchKind, ids: Iterable[int]) -> None:
    """(Re)index the objects of one kind by id, reading them from the database.

    Ids of objects that no longer exist lose their document. Runs a handful of queries whatever
    the number of ids (none for no ids), so it is safe for raw saves while loading fixtures.
    Inside `deferred_indexing()` it only notes the ids.
    """
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending[kind] |= ids
        return
    with transaction.atomic():
        found = _save_documents(kind, _TEXTS[kind](ids))
        if gone := ids - found:
            SearchDocument.objects.filter(kind=kind, object_id__in=gone).delete()


def index_object(obj: models.Model) -> None:
    """(Re)index one object as it is stored in the database now."""
    kind = kind_of(obj)
    if kind is None:
        raise TypeError(f"{type(obj).__name__} is not searchable.")
    index_objects(kind, [obj.pk])


def unindex_object(obj: models.Model) -> None:
    """Remove one object from the index: one query (none until the end of a deferred block)."""
    kind = kind_of(obj)
    if kind is None:
        raise TypeError(f"{type(obj).__name__} is not searchable.")
    if getattr(_deferred, "pending", None) is not None:
        index_objects(kind, [obj.pk])  # gone by the end of the block, so its document goes
        return
    SearchDocument.objects.filter(kind=kind, object_id=obj.pk).delete()


# Models whose names appear in their agreements' documents, and how agreements reach them.
_SHOWN_IN_AGREEMENTS = {
    PublicBody: "parties__body__in",
    ServiceCategory: "categories__in",
    Statute: "statutes__in",
}


def agreement_ids_showing(model: type[models.Model], ids: Iterable[int]) -> list[int]:
    """Ids of the agreements whose text shows these bodies, categories or statutes: one query."""
    lookup = _SHOWN_IN_AGREEMENTS.get(model)
    if lookup is None:
        return []
    agreements = Agreement._base_manager.filter(**{lookup: list(ids)}).distinct()
    return list(agreements.values_list("pk", flat=True))


def index_queryset(queryset: models.QuerySet) -> None:
    """Reindex a queryset's objects and the agreements that show their names.

    For changes that send no signals, such as `queryset.update(publication=...)` in a bulk
    admin action. A handful of queries, whatever the number of objects.
    """
    kind = kind_of(queryset.model)
    if kind is None:
        raise TypeError(f"{queryset.model.__name__} is not searchable.")
    ids = list(queryset.values_list("pk", flat=True))
    index_objects(kind, ids)
    index_objects(SearchKind.AGREEMENT, agreement_ids_showing(queryset.model, ids))


def rebuild_index() -> dict[SearchKind, int]:
    """Drop every document and index all content again; returns the count per kind."""
    counts = {}
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for kind, model in MODELS.items():
            ids = model._base_manager.values_list("pk", flat=True)
            counts[kind] = len(_save_documents(kind, _TEXTS[kind](ids)))
        if connection.vendor == "sqlite":
            # Also repairs an FTS table that drifted from its content (e.g. lost triggers).
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return counts


# --- Turning what a user typed into a query ------------------------------------------------

# Control characters (PostgreSQL rejects NUL in text) become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A "quoted phrase", or a run of anything else but whitespace and quotes.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")
# Words SQLite would otherwise require literally; PostgreSQL's English configuration drops them.
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
        "its", "of", "on", "than", "that", "the", "this", "to", "was", "were", "with",
    }
)  # fmt: skip


def clean_query(q: Any) -> str:
    """The user's query as searchable text: no control characters, at most 200 characters."""
    text = _CONTROL.sub(" ", str(q or ""))
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        # Drop a word cut in two: its first half would match nothing.
        text = cut.rsplit(None, 1)[0] if len(cut.split()) > 1 else cut[:MAX_QUERY_LENGTH]
    return text.strip()


def fts5_query(q: str) -> str | None:
    """Translate a user's query into a safe FTS5 MATCH expression; None if nothing is left.

    Every word or phrase is emitted as a double-quoted FTS5 string made of word characters
    only, so no input can reach FTS5's operators or raise a syntax error. Terms are ANDed;
    "a quoted phrase" must appear as such, `or` between terms means either, and `-word`
    excludes. A query of exclusions only matches nothing.
    """
    groups: list[list[str]] = [[]]  # OR of ANDs
    excluded: list[str] = []
    pending_or = False
    for match in _CHUNK.finditer(clean_query(q)):
        quoted = match.group(2) is not None
        minus = match.group(1) if quoted else match.group(3)
        text = match.group(2) if quoted else match.group(4)
        words = _WORD.findall(text.lower())
        if not quoted and not minus and words == ["or"]:
            pending_or = bool(groups[-1])
            continue
        if not words or (not quoted and len(words) == 1 and words[0] in _STOP_WORDS):
            continue
        phrase = '"' + " ".join(words) + '"'
        if minus:
            excluded.append(phrase)
            continue
        if pending_or:
            groups.append([])
            pending_or = False
        groups[-1].append(phrase)
    alternatives = [" AND ".join(group) for group in groups if group]
    if not alternatives:
        return None
    expression = "(" + " OR ".join(f"({alternative})" for alternative in alternatives) + ")"
    return expression + "".join(f" NOT {phrase}" for phrase in excluded)


class _Fts5Match(models.Func):
    """True when the SearchDocument id in `expressions` matches the FTS5 query."""

    template = f"%(expressions)s IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %%s)"
    output_field = models.BooleanField()

    def __init__(self, document_id, match: str):
        super().__init__(document_id)
        self.match = match

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, (*params, self.match)


class _Fts5Rank(_Fts5Match):
    """bm25 of the SearchDocument id in `expressions`, negated so that higher is better."""

    template = (
        f"(SELECT -bm25({FTS_TABLE}, {WEIGHTS['A']}, {WEIGHTS['B']}, {WEIGHTS['C']})"
        f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %%s AND rowid = %(expressions)s)"
    )
    output_field = FloatField()


def _match_and_rank(q: str):
    """(filter, rank expression) over SearchDocument; None when q has no usable words.

    Both databases use the same test of "usable": at least one word to look for that is not
    excluded, so `-fire` or `the` alone match nothing on PostgreSQL too.
    """
    match = fts5_query(q)
    if match is None:
        return None
    if connection.vendor == "postgresql":
        query = SearchQuery(clean_query(q), search_type="websearch", config="english")
        weights = [0.1, WEIGHTS["C"], WEIGHTS["B"], WEIGHTS["A"]]  # D, C, B, A
        return Q(search_vector=query), SearchRank(F("search_vector"), query, weights=weights)
    return _Fts5Match(F("pk"), match), _Fts5Rank(F("pk"), match)


def _search(queryset: models.QuerySet, kind: SearchKind, match_and_rank) -> models.QuerySet:
    if match_and_rank is None:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    match, rank = match_and_rank
    documents = SearchDocument.objects.filter(kind=kind)
    matching_ids = documents.filter(match).values("object_id")
    object_rank = (
        documents.filter(object_id=OuterRef("pk")).annotate(rank=rank).order_by().values("rank")
    )
    return queryset.filter(pk__in=matching_ids).annotate(
        search_rank=Subquery(object_rank[:1], output_field=FloatField())
    )


# --- Searching ------------------------------------------------------------------------------


def filter_agreements(queryset: models.QuerySet, q: str) -> models.QuerySet:
    """Narrow `queryset` to the agreements matching `q`, annotated with a float `search_rank`.

    Higher ranks are better: a title match outranks a summary match, which outranks a match in
    party names, categories, statutes or cost sharing. Lazy, like any queryset: filter, order,
    count and paginate it as usual. A query without usable words matches nothing.
    """
    return _search(queryset, SearchKind.AGREEMENT, _match_and_rank(q))


@dataclass(frozen=True)
class KindResults:
    """One kind's share of a site search: the best published matches and how many there are."""

    kind: SearchKind
    label: str
    results: list
    count: int


def _published(kind: SearchKind) -> models.QuerySet:
    queryset = MODELS[kind].objects.published()
    return queryset.for_listing() if kind == SearchKind.AGREEMENT else queryset


def search_site(q: str, limit_per_kind: int = 20) -> dict[SearchKind, KindResults]:
    """Search every kind of published content; at most `limit_per_kind` results per kind.

    Returns a KindResults per kind, in SearchKind order, best match first. Runs one query per
    kind (the total comes from a window count) plus two to prefetch the agreements' categories
    and parties, whatever the number of results; none when `q` has no usable words.
    """
    match_and_rank = _match_and_rank(q)
    found = {}
    for kind, model in MODELS.items():
        results, count = [], 0
        if match_and_rank is not None and limit_per_kind > 0:
            queryset = _search(_published(kind), kind, match_and_rank)
            queryset = queryset.annotate(search_total=Window(Count("pk")))
            ordering = ["-search_rank", *model._meta.ordering, "pk"]
            results = list(queryset.order_by(*ordering)[:limit_per_kind])
            count = results[0].search_total if results else 0
        label = capfirst(model._meta.verbose_name_plural)
        found[kind] = KindResults(kind=kind, label=label, results=results, count=count)
    return found
