"""The agreement library's filters: one FilterSet, facet counts computed in the database."""

import contextlib
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast

from agreements import facets
from agreements.models import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    Agreement,
    AgreementDocument,
    AgreementStatus,
    FacetCount,
    FacetKey,
    FacetPair,
    Party,
)
from municipalities.models import BodyKind, PublicBody
from portal.models import PublicationStatus
from search.engine import RankedResults, Ranking
from search.filters import SearchFilter
from services.models import ServiceCategory
from statutes.models import Statute

_SLUG = re.compile(r"^[-\w]{1,200}$")


class SlugListField(forms.Field):
    """Any number of slugs (repeated parameter); malformed ones are dropped, not fatal."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(v for v in values if isinstance(v, str) and _SLUG.match(v)))[:50]

    def validate(self, value):
        pass


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField

    def __init__(self, *args, through_lookup, **kwargs):
        # (model, agreement field, slug lookup): the slug's item must be published, else a
        # draft's slug would tell who asks that it exists, and with which agreements.
        self.through_lookup = through_lookup
        kwargs.setdefault("method", self.filter_slugs)
        super().__init__(*args, **kwargs)

    def filter_slugs(self, queryset, name, value):
        if not value:
            return queryset
        model, agreement_field, slug_lookup = self.through_lookup
        item = slug_lookup.removesuffix("__slug")
        matching = model.objects.filter(
            **{f"{slug_lookup}__in": value, f"{item}__publication": PublicationStatus.PUBLISHED}
        ).values(agreement_field)
        # A subquery rather than a join keeps one row per agreement: counts stay honest.
        return queryset.filter(pk__in=matching)


class YesNoField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[("", "Any"), ("yes", "Yes"), ("no", "No")], **kwargs)


class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


SORT_CHOICES = [
    ("relevance", "Relevance"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("title", "Title A–Z"),
]
SORT_ORDERINGS = {"newest": NEWEST_FIRST, "oldest": OLDEST_FIRST, "title": ["title", "pk"]}


def _rounded(n: int) -> int:
    """An estimated count as it is shown: to two significant figures (3,417 → 3,400)."""
    if n < 100:
        return n
    scale = 10 ** (len(str(n)) - 2)
    return round(n / scale) * scale


def _union_all(parts) -> list[tuple]:
    """The rows of every part (a queryset, or SQL and parameters), in one query."""
    sqls, params = [], []
    for part in parts:
        if isinstance(part, tuple):
            sql, part_params = part
        else:
            try:
                sql, part_params = part.query.sql_with_params()
            except EmptyResultSet:
                continue  # nothing can match (a search without words): no counts
        sqls.append(f"SELECT * FROM ({sql}) p{len(sqls)}")
        params += part_params
    if not sqls:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sqls), params)
        return cursor.fetchall()


@dataclass
class FacetRow:
    slug: str
    label: str
    n: int
    order: tuple

    def __str__(self):
        return self.label


class AgreementFilter(django_filters.FilterSet):
    q = SearchFilter()
    category = SlugListFilter(
        label="Service",
        through_lookup=(Agreement.categories.through, "agreement_id", "servicecategory__slug"),
    )
    municipality = SlugListFilter(
        label="Municipality or body",
        through_lookup=(Party, "agreement_id", "body__slug"),
    )
    kind = django_filters.MultipleChoiceFilter(
        label="Kind of body taking part",
        choices=BodyKind.choices,
        method="filter_kind",
        distinct=False,
    )
    statute = SlugListFilter(
        label="Statute",
        through_lookup=(Agreement.statutes.through, "agreement_id", "statute__slug"),
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=AgreementStatus.choices, distinct=False
    )
    year_from = django_filters.NumberFilter(
        label="Started in or after (year)", field_name="start_year", lookup_expr="gte",
        min_value=1600, max_value=2999,
    )  # fmt: skip
    year_to = django_filters.NumberFilter(
        label="Started in or before (year)", field_name="start_year", lookup_expr="lte",
        min_value=1600, max_value=2999,
    )  # fmt: skip
    has_documents = YesNoFilter(label="Has documents", method="filter_has_documents")
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Agreement
        fields = []

    # Facets whose choices show counts; each counts under every *other* active filter.
    FACETS = ["category", "municipality", "kind", "statute", "status", "has_documents"]

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        parties = Party.objects.visible().filter(body__kind__in=value).values("agreement_id")
        return queryset.filter(pk__in=parties)

    def filter_has_documents(self, queryset, name, value):
        if value not in ("yes", "no"):
            return queryset
        has = Exists(AgreementDocument.objects.filter(agreement=OuterRef("pk")))
        return queryset.filter(has if value == "yes" else ~has)

    def filter_nothing(self, queryset, name, value):
        return queryset  # sorting is applied by sorted_qs()

    # --- what the view asks for ---------------------------------------------------------

    def value(self, name):
        return self.form.cleaned_data.get(name) if hasattr(self.form, "cleaned_data") else None

    @property
    def query(self) -> str:
        return (self.value("q") or "").strip()

    @property
    def sort_key(self) -> str:
        sort = self.value("sort")
        if sort == "relevance" and not self.query:
            sort = None
        return sort or ("relevance" if self.query else "newest")

    def sorted_qs(self, limit: int | None = None):
        """The results in the chosen order, with what a result row shows; ranked by
        relevance, only the first `limit` (None: all) are put in order and reachable."""
        qs = self.qs.for_listing()
        if self.sort_key == "relevance":
            ranks = self.search_ranks or {}
            return RankedResults(
                qs,
                ranks,
                tiebreak="title",
                limit=limit,
                unmatched=self._rows_to_rank(),
                # Counted with the facets already (kept_counts), if the limit is the same.
                ordered=self.ranked if limit == self.rank_limit else None,
            )
        return qs.order_by(*SORT_ORDERINGS[self.sort_key])

    def queryset_without(self, *excluded):
        """The results as if the filters `excluded` were not set: the base of a facet's counts."""
        qs = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in excluded:
                qs = self.filters[name].filter(qs, value)
        return qs

    def active_filters(self) -> set[str]:
        """The names of the filters that narrow the results (sorting narrows nothing)."""
        active = set()
        for name, value in self.form.cleaned_data.items():
            if name == "has_documents":
                value = value if value in ("yes", "no") else None
            if name != "sort" and value not in (None, "", [], ()):
                active.add(name)
        return active

    # The facet values kept per agreement (agreements.facets), and the filters each answers.
    # Status and "has documents" share one value, so each is counted under the other's filter.
    KEPT = {
        facets.CATEGORY: ("category",),
        facets.STATUTE: ("statute",),
        facets.BODY: ("municipality",),
        facets.KIND: ("kind",),
        facets.STATUS_DOCUMENTS: ("status", "has_documents"),
    }

    # A search's facet counts are estimated from a sample of its results when it has more
    # than SAMPLE_ABOVE: every k-th result by id, about SAMPLE_SIZE of them. Counting every
    # kept value of 66,000 matches took 260 ms at 100,000 agreements; the sample, 40 ms.
    SAMPLE_ABOVE = 5000
    SAMPLE_SIZE = 4000
    # Whether counts may be estimates (the library); a facet's page of all values counts all.
    estimate = True
    SAMPLE_MARK = "~"
    RANKED = "#"  # rows of ranked results among the facet counts (_ranked_and_sampled)
    # How many results a ranked list orders (the pages it shows), set by the library's view:
    # ranking them in the query that counts the facets runs the search's match once.
    rank_limit = None
    ranked = None  # the ranked results so counted: ([(pk, rank)], how many)
    search_ranks = None  # the search's Ranking, set by its filter (search.filters)
    # The kept facet each facet of the form counts with.
    FACET_OF = {name: facet for facet, names in KEPT.items() for name in names}

    def kept_counts(self) -> dict[str, dict[str, int]]:
        """Each kept facet's count per value under every *other* active filter, in one query.

        Facets whose base is the same set of results share one grouping of the kept values
        of that set. Two bases are read by index instead: every published agreement (the kept
        totals), and one filter value (the kept pair counts: a town's agreements by service).
        So the results' condition (a full-text match, say) runs once for the facets that no
        filter of their own narrows, and once more per facet that has one. A base with a
        search and many results is counted on a sample (`self.estimated` names its facets).
        """
        active = self.active_filters()
        by_base = {}
        for facet, names in self.KEPT.items():
            by_base.setdefault(frozenset(active - set(names)), []).append(facet)
        # The facets counted over the results themselves ride with their ranking (the
        # filters applied first: the search's filter gives its Ranking).
        self.qs  # noqa: B018 (a lazy queryset: no query)
        merged = (
            self.estimate
            and self.rank_limit is not None
            and self.sort_key == "relevance"
            and isinstance(self.search_ranks, Ranking)
        )
        if merged:
            self.ranked = ([], 0)
        parts = []
        for base, kept in by_base.items():
            if merged and base == active:
                part = self._ranked_and_sampled(kept)
                if part is not None:
                    parts.append(part)
                continue
            if not base:
                parts.append(
                    FacetCount.objects.filter(facet__in=kept).values_list("facet", "value", "n")
                )
                continue
            anchor = self.anchor(base)
            if anchor is not None:
                parts.append(
                    FacetPair.objects.filter(anchor, other_facet__in=kept, n__gt=0)
                    .order_by()
                    .values_list("other_facet", "other_value")
                    .annotate(total=Sum("n"))
                )
                continue
            excluded = [name for name in self.form.cleaned_data if name not in base]
            ids = self.queryset_without(*excluded).order_by().values("pk")
            if "q" in base and self.estimate and isinstance(self.search_ranks, Ranking):
                with contextlib.suppress(EmptyResultSet):  # nothing can match: no counts
                    parts.append(self._sampled(base, kept, ids))
                continue
            parts.append(
                FacetKey.objects.filter(facet__in=kept, agreement_id__in=ids)
                .order_by()
                .values_list("facet", "value")
                .annotate(n=Count("pk"))
            )
        counts = {facet: {} for facet in self.KEPT}
        self.estimated = set()
        positions, total = [], 0
        for facet, value, n in _union_all(parts):
            if facet == self.SAMPLE_MARK:
                if n > 1:
                    self.estimated.update(value.split(","))
            elif facet == self.RANKED:
                if value:
                    pk, _, position = value.partition(":")
                    positions.append((int(position), int(pk), n))
                else:
                    total = int(n or 0)
            else:
                counts[facet][value] = int(n)
        if merged:
            self.ranked = ([(pk, rank) for _, pk, rank in sorted(positions)], total)
        return counts

    def _sampled(self, base, kept, ids) -> tuple[str, list]:
        """SQL and parameters of (facet, value, estimated count) of the results `ids` (a
        search's), counted on every k-th by id when there are more than SAMPLE_ABOVE, each
        count times k; and a row (SAMPLE_MARK, the facets, k)."""
        if base == {"q"}:
            # The search alone: its public matches are the results (the kept values are of
            # published agreements only); no scan of the agreements to find them.
            ranking = self.search_ranks
            ids_sql, ids_params = ranking.search.dialect.matching(
                ranking.search.parsed, ranking.kind
            )
        else:
            ids_sql, ids_params = ids.query.sql_with_params()
        sample_sql, sample_params = self._sample_sql("ids", "pk", kept)
        return (
            f"WITH ids (pk) AS MATERIALIZED ({ids_sql}), {sample_sql}",
            [*ids_params, *sample_params],
        )

    def _sample_sql(self, table: str, column: str, kept) -> tuple[str, list]:
        """The end of a WITH clause over the results (`table`.`column`, agreement ids): the
        step `st` of the sample, then its rows (see `_sampled`)."""
        facet_list = ", ".join(["%s"] * len(kept))
        sql = (
            f"st AS (SELECT CASE WHEN COUNT(*) > %s THEN (COUNT(*) + %s - 1) / %s ELSE 1 END "
            f"AS step, COUNT(*) AS total FROM {table}) "
            f"SELECT f.facet, f.value, COUNT(*) * MIN(st.step) AS n "
            f"FROM {table} t, st, {FacetKey._meta.db_table} f "
            f"WHERE t.{column} %% st.step = 0 AND f.agreement_id = t.{column} "
            f"AND f.facet IN ({facet_list}) GROUP BY f.facet, f.value "
            f"UNION ALL SELECT %s, %s, step FROM st"
        )
        size = self.SAMPLE_SIZE
        return sql, [self.SAMPLE_ABOVE, size, size, *kept, self.SAMPLE_MARK, ",".join(kept)]

    def _rows_to_rank(self):
        """The rows a ranking ranks: before the search, so that its match runs once; with no
        other filter, every published agreement (the index alone ranks them)."""
        if self.active_filters() == {"q"}:
            return RankedResults.EVERY_PUBLIC
        return self.queryset_without("q")

    def _ranked_and_sampled(self, kept) -> tuple[str, list] | None:
        """The ranked results and their facets' (estimated) counts, from one match: SQL and
        parameters of the facet rows of `_sampled`, with (RANKED, "pk:position", rank) for
        the first `rank_limit` results and (RANKED, "", how many) (None: nothing can match)."""
        ranked = self.search_ranks.ranked_rows(self._rows_to_rank(), "title")
        if ranked is None:
            return None
        with_sql, params = ranked
        order = Ranking.ORDER
        sample_sql, sample_params = self._sample_sql("r", "ranked_pk", kept)
        # The first results by a top-N sort, numbered after the LIMIT (numbering all of
        # them first would sort them all); counted with the sample's step (`st`).
        sql = (
            f"{with_sql}, top AS (SELECT ranked_pk, ranked_tiebreak, rank FROM r "
            f"ORDER BY {order} LIMIT %s), "
            f"numbered AS (SELECT ranked_pk, rank, "
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS n FROM top), "
            f"{sample_sql} "
            f"UNION ALL SELECT %s, CAST(ranked_pk AS VARCHAR(40)) || ':' || CAST(n AS VARCHAR(40)), "
            f"CAST(rank AS DOUBLE PRECISION) FROM numbered "
            f"UNION ALL SELECT %s, '', total FROM st"
        )
        return sql, [*params, self.rank_limit, *sample_params, self.RANKED, self.RANKED]

    # The slug filters' kept values are ids of published items (see agreements.facets).
    SLUG_VALUES = {
        "category": (facets.CATEGORY, ServiceCategory),
        "statute": (facets.STATUTE, Statute),
        "municipality": (facets.BODY, PublicBody),
    }

    def anchor(self, base: frozenset):
        """A condition on kept pairs, if the results under the filters `base` are the
        agreements having one kept value (or one of values no agreement has two of: its
        status with documents); else None."""
        if base <= {"status", "has_documents"}:
            has = self.value("has_documents")
            values = [
                f"{status}:{documents}"
                for status in self.value("status") or AgreementStatus.values
                for documents in ([has] if has in ("yes", "no") else ["yes", "no"])
            ]
            return Q(facet=facets.STATUS_DOCUMENTS, value__in=values)
        if len(base) != 1:
            return None
        (name,) = base
        chosen = self.value(name) or []
        if name == "kind" and len(chosen) == 1:
            return Q(facet=facets.KIND, value=chosen[0])
        if name in self.SLUG_VALUES and len(chosen) == 1:
            facet, model = self.SLUG_VALUES[name]
            pk = model.objects.published().filter(slug=chosen[0]).values("pk")[:1]
            return Q(facet=facet, value=Cast(Subquery(pk), CharField()))
        return None

    def labels(self, body_ids, selected_bodies):
        """Published categories and statutes (one query, a UNION), and the published bodies
        among `body_ids` or `selected_bodies` (slugs): each a FacetRow by id, in list order."""
        empty = Value("", CharField())
        rows = (
            ServiceCategory.objects.published()
            .annotate(facet=Value("category"))
            .order_by()
            .values_list("facet", "pk", "slug", "order", "name", empty)
            .union(
                Statute.objects.published()
                .annotate(facet=Value("statute"))
                .order_by()
                .values_list("facet", "pk", "slug", "order", "citation", "title"),
                all=True,
            )
        )
        found = {"category": [], "statute": []}
        for facet, pk, slug, order, first, second in rows:
            found[facet].append(
                (str(pk), FacetRow(slug, first or second, 0, (order, first, second)))
            )
        bodies = (
            PublicBody.objects.published()
            .filter(Q(pk__in=[int(pk) for pk in body_ids]) | Q(slug__in=selected_bodies))
            .order_by("name", "pk")
            .values_list("pk", "slug", "name")
        )
        found["municipality"] = [
            (str(pk), FacetRow(slug, name, 0, (name, pk))) for pk, slug, name in bodies
        ]
        return {name: sorted(rows, key=lambda row: row[1].order) for name, rows in found.items()}

    def status_and_document_counts(self, kept: dict[str, int]):
        """Status counts under the documents filter, and document counts under the status
        filter, from the counts of each kept (status, has documents) pair."""
        wanted, statuses = self.value("has_documents"), self.value("status")
        status_counts, docs = {}, {"total": 0, "yes": 0}
        for value, n in kept.items():
            status, _, has = value.partition(":")
            if wanted not in ("yes", "no") or wanted == has:
                status_counts[status] = status_counts.get(status, 0) + n
            if not statuses or status in statuses:
                docs["total"] += n
                docs["yes"] += n if has == "yes" else 0
        return status_counts, docs

    def facets(self):
        """Each facet's choices with counts: three queries, whatever the data size."""
        self.form.is_valid()
        selected = {name: self.value(name) or [] for name in self.FACETS}
        counts = self.kept_counts()
        labels = self.labels(counts[facets.BODY], selected["municipality"])

        def counted(name, facet):
            rows = []
            for pk, row in labels[name]:
                row.n = counts[facet].get(pk, 0)
                rows.append(row)
            return rows

        categories = counted("category", facets.CATEGORY)
        statutes = counted("statute", facets.STATUTE)
        bodies = counted("municipality", facets.BODY)
        kind_counts = counts[facets.KIND]
        status_counts, docs = self.status_and_document_counts(counts[facets.STATUS_DOCUMENTS])
        about = {name for name, facet in self.FACET_OF.items() if facet in self.estimated}

        def shown(n, name):
            return _rounded(n) if name in about else n

        def choices(rows, name):
            return [
                {"value": row.slug, "label": str(row), "count": shown(row.n, name),
                 "checked": row.slug in selected[name], "about": name in about}
                for row in rows
            ]  # fmt: skip

        def fixed(options, counts, name):
            return [
                {"value": value, "label": label, "count": shown(counts.get(value, 0), name),
                 "checked": value in selected[name], "about": name in about}
                for value, label in options
            ]  # fmt: skip

        return {
            "category": choices(categories, "category"),
            "municipality": choices(bodies, "municipality"),
            "kind": fixed(BodyKind.choices, kind_counts, "kind"),
            "statute": choices(statutes, "statute"),
            "status": fixed(AgreementStatus.choices, status_counts, "status"),
            "has_documents": {
                "yes": shown(docs["yes"], "has_documents"),
                "no": shown(docs["total"] - docs["yes"], "has_documents"),
                "value": self.value("has_documents") or "",
                "about": "has_documents" in about,
            },
        }
