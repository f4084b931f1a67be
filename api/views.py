"""The read-only API: a list and a detail (by slug) of each kind of published item.

Each list costs the same few queries whatever its page size: a count, the page, and one per
prefetched relation, each prefetch limited to published rows as exports/queries.py does.
"""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import routers, serializers, viewsets
from rest_framework.reverse import reverse

from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementDocument, Party, SavingsClaim
from api import serializers as api_serializers
from api.filters import LibraryFilterBackend
from api.schema import AutoSchema
from contacts.models import Contact, Program
from municipalities.alphabet import NAME_ORDER
from municipalities.filters import BodyFilter
from municipalities.models import PublicBody
from portal.models import PublicationStatus
from search.engine import RankedResults
from services.models import ServiceCategory, ServiceKind
from statutes.models import Statute

PUBLISHED = PublicationStatus.PUBLISHED


class PublishedViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail by slug; GET, HEAD and OPTIONS only (anything else is a 405)."""

    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def filter_queryset(self, queryset):
        # Filters narrow a list; a detail's address names its item, whatever the query says.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def detail_description(kind: str) -> str:
    return f"One published {kind}, by its slug; a draft's slug is a 404, as an unknown one."


def _agreements_with_everything(queryset):
    """What an agreement's JSON holds: published categories, statutes and parties only."""
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


@extend_schema_view(retrieve=extend_schema(description=detail_description("agreement")))
class AgreementViewSet(PublishedViewSet):
    """Published agreements, filtered, searched and sorted as the library (/agreements/) is."""

    serializer_class = api_serializers.AgreementSerializer
    filter_backends = [LibraryFilterBackend]
    filterset_class = AgreementFilter

    def get_queryset(self):
        # The list's order comes from the FilterSet's `sort` (newest first by default).
        return Agreement.objects.published()

    def filter_queryset(self, queryset):
        results = super().filter_queryset(queryset)
        if isinstance(results, RankedResults):  # a search, by relevance: ranked ids, then rows
            results.queryset = _agreements_with_everything(results.queryset)
            return results
        return _agreements_with_everything(results)


@extend_schema_view(retrieve=extend_schema(description=detail_description("body")))
class BodyViewSet(PublishedViewSet):
    """Published towns, districts, authorities and agencies, A to Z as /municipalities/ lists
    them, with its filters."""

    serializer_class = api_serializers.BodySerializer
    filter_backends = [LibraryFilterBackend]
    filterset_class = BodyFilter

    def get_queryset(self):
        return PublicBody.objects.published().order_by(*NAME_ORDER)

    def filter_queryset(self, queryset):
        return (
            super()
            .filter_queryset(queryset)
            .select_related("parent")
            .prefetch_related("sources")
            .annotate(
                agreement_count=Count(
                    "parties__agreement",
                    filter=Q(parties__agreement__publication=PUBLISHED),
                    distinct=True,
                )
            )
        )


@extend_schema_view(retrieve=extend_schema(description=detail_description("service category")))
class CategoryViewSet(PublishedViewSet):
    """Published service categories, grouped by kind as /services/ shows them."""

    serializer_class = api_serializers.CategorySerializer

    def get_queryset(self):
        kind_order = Case(
            *[When(kind=kind, then=Value(index)) for index, kind in enumerate(ServiceKind.values)],
            output_field=IntegerField(),
        )
        return (
            ServiceCategory.objects.published()
            .annotate(
                agreement_count=Count(
                    "agreements", filter=Q(agreements__publication=PUBLISHED), distinct=True
                )
            )
            .order_by(kind_order, *ServiceCategory._meta.ordering, "pk")
            .prefetch_related("sources")
        )


@extend_schema_view(retrieve=extend_schema(description=detail_description("statute")))
class StatuteViewSet(PublishedViewSet):
    """Published statutes, in the order /statutes/ shows them."""

    serializer_class = api_serializers.StatuteSerializer

    def get_queryset(self):
        return (
            Statute.objects.published()
            .order_by(*Statute._meta.ordering, "pk")
            .prefetch_related(
                Prefetch("categories", queryset=ServiceCategory.objects.published()), "sources"
            )
        )


@extend_schema_view(retrieve=extend_schema(description=detail_description("program")))
class ProgramViewSet(PublishedViewSet):
    """Published programs, in the order /programs/ shows them."""

    serializer_class = api_serializers.ProgramSerializer

    def get_queryset(self):
        return (
            Program.objects.published()
            .order_by(*Program._meta.ordering, "pk")
            .select_related("administering_body")
            .prefetch_related(
                Prefetch("contacts", queryset=Contact.objects.published()),
                Prefetch("statutes", queryset=Statute.objects.published()),
                "sources",
            )
        )


class RootView(routers.APIRootView):
    """The API's entry point: the address of each list, of the OpenAPI description and of its
    documentation page."""

    schema = AutoSchema()  # DRF leaves the router's root out of the description

    @extend_schema(
        operation_id="root",
        tags=["root"],
        responses=inline_serializer(
            "Root",
            {
                name: serializers.URLField(help_text=text)
                for name, text in [
                    ("agreements", "The list of published agreements."),
                    ("bodies", "The list of published towns, districts and agencies."),
                    ("categories", "The list of published service categories."),
                    ("statutes", "The list of published statutes."),
                    ("programs", "The list of published programs."),
                    ("schema", "This API's OpenAPI 3 description (YAML; ?format=json for JSON)."),
                    ("docs", "This API's documentation page."),
                ]
            },
        ),
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("api:schema", request=request)
        response.data["docs"] = reverse("api:docs", request=request)
        return response
