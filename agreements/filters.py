"""The agreement library's filters: one FilterSet, facet counts computed in the database."""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value

from agreements.models import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    Agreement,
    AgreementDocument,
    AgreementStatus,
    Party,
)
from municipalities.models import BodyKind, PublicBody
from portal.models import PublicationStatus
from search.engine import RankedResults
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

    def sorted_qs(self):
        """The results in the chosen order, with what a result row shows."""
        qs = self.qs.for_listing()
        if self.sort_key == "relevance":
            return RankedResults(qs, getattr(self, "search_ranks", {}), tiebreak="title")
        return qs.order_by(*SORT_ORDERINGS[self.sort_key])

    def queryset_without(self, *excluded):
        """The results as if the filters `excluded` were not set: the base of a facet's counts."""
        qs = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in excluded:
                qs = self.filters[name].filter(qs, value)
        return qs

    @staticmethod
    def category_and_statute_choices(category_ids, statute_ids):
        """Every published category and statute with its count of results, in one query (a
        UNION), each in its list order."""

        def counted(model, ids, facet, labels):
            return (
                model.objects.published()
                .annotate(n=Count("agreements", filter=Q(agreements__in=ids)), facet=Value(facet))
                .order_by()
                .values_list("facet", "slug", "order", *labels, "n")
            )

        rows = counted(
            ServiceCategory, category_ids, "category", ["name", Value("", CharField())]
        ).union(counted(Statute, statute_ids, "statute", ["citation", "title"]), all=True)
        found = {"category": [], "statute": []}
        for facet, slug, order, first, second, n in rows:
            found[facet].append(FacetRow(slug, first or second, n, (order, first, second)))
        return [sorted(found[facet], key=lambda row: row.order) for facet in found]

    @staticmethod
    def body_choices(ids, selected):
        """The published bodies with their count of results (and the selected ones, even at
        0), by name. Counted on the party table alone, then joined to the bodies: grouping by
        every column of the bodies cost twice as much at 100,000 agreements."""
        try:
            counts, params = (
                Party.objects.filter(agreement__in=ids)
                .order_by()
                .values("body_id")
                .annotate(n=Count("pk"))
                .query.sql_with_params()
            )
        except EmptyResultSet:  # nothing can match (e.g. a search that found nothing)
            counts, params = f"SELECT body_id, 0 AS n FROM {Party._meta.db_table} WHERE 1 = 0", []
        either = f" OR b.slug IN ({', '.join(['%s'] * len(selected))})" if selected else ""
        sql = (
            f"SELECT b.id, b.slug, b.name, COALESCE(c.n, 0) AS n "
            f"FROM {PublicBody._meta.db_table} b LEFT JOIN ({counts}) c ON c.body_id = b.id "
            f"WHERE b.publication = %s AND (c.n > 0{either}) ORDER BY b.name, b.id"
        )
        return PublicBody.objects.raw(sql, [*params, PublicationStatus.PUBLISHED, *selected])

    @staticmethod
    def kind_counts(ids) -> dict:
        """How many results have a (published) party of each kind: the distinct (agreement,
        kind) pairs, then counted; COUNT(DISTINCT) sorted every party row at 100,000."""
        try:
            pairs, params = (
                Party.objects.visible()
                .filter(agreement__in=ids)
                .order_by()
                .annotate(k=F("body__kind"))
                .values_list("agreement_id", "k")
                .distinct()
                .query.sql_with_params()
            )
        except EmptyResultSet:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT k, COUNT(*) FROM ({pairs}) pairs GROUP BY k", params)
            return dict(cursor.fetchall())

    def status_and_document_counts(self):
        """Both small facets in one query: grouped by status over the results without either
        filter, each count applying the other facet's filter itself."""
        has = Q(Exists(AgreementDocument.objects.filter(agreement=OuterRef("pk"))))
        documents = {"yes": has, "no": ~has}.get(self.value("has_documents"))
        statuses = self.value("status")
        in_status = Q(status__in=statuses) if statuses else None
        rows = (
            self.queryset_without("status", "has_documents")
            .order_by()
            .values("status")
            .annotate(
                n=Count("pk", filter=documents),
                total=Count("pk", filter=in_status),
                yes=Count("pk", filter=has & in_status if in_status else has),
            )
        )
        status_counts, docs = {}, {"total": 0, "yes": 0}
        for row in rows:
            status_counts[row["status"]] = row["n"]
            docs["total"] += row["total"]
            docs["yes"] += row["yes"]
        return status_counts, docs

    def facets(self):
        """Each facet's choices with counts: one query per facet, whatever the data size."""
        self.form.is_valid()
        selected = {name: self.value(name) or [] for name in self.FACETS}

        def ids(name):
            return self.queryset_without(name).values("pk")

        categories, statutes = self.category_and_statute_choices(ids("category"), ids("statute"))
        bodies = self.body_choices(ids("municipality"), selected["municipality"])
        kind_counts = self.kind_counts(ids("kind"))
        status_counts, docs = self.status_and_document_counts()

        def choices(rows, name):
            return [
                {"value": row.slug, "label": str(row), "count": row.n,
                 "checked": row.slug in selected[name]}
                for row in rows
            ]  # fmt: skip

        def fixed(options, counts, name):
            return [
                {"value": value, "label": label, "count": counts.get(value, 0),
                 "checked": value in selected[name]}
                for value, label in options
            ]  # fmt: skip

        return {
            "category": choices(categories, "category"),
            "municipality": choices(bodies, "municipality"),
            "kind": fixed(BodyKind.choices, kind_counts, "kind"),
            "statute": choices(statutes, "statute"),
            "status": fixed(AgreementStatus.choices, status_counts, "status"),
            "has_documents": {
                "yes": docs["yes"],
                "no": docs["total"] - docs["yes"],
                "value": self.value("has_documents") or "",
            },
        }
