from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from agreements import facets
from agreements.models import LIST_LIMIT, Agreement, FacetPair
from municipalities.models import PublicBody
from partners.finder import towns_and_council
from portal.models import PublicationStatus
from portal.preview import PreviewMixin, visible_to
from portal.views import categories_by_kind
from region.charts import coverage
from region.savings import savings
from services.models import ServiceCategory
from statutes.models import Statute

# A category's page names the bodies taking part in the most of its agreements; the library's
# list of bodies (a facet's page) has all of them.
BODY_LIMIT = 30


def busiest_bodies(category, limit: int) -> list:
    """The published bodies party to the most of the category's published agreements, each
    with its count (`shared`) and the number of bodies taking part (`body_total`): one query
    on the kept pair counts (agreements.facets), which grouping the parties took 110 ms at
    100,000 agreements."""
    pairs = FacetPair.objects.filter(
        facet=facets.CATEGORY, value=str(category.pk), other_facet=facets.BODY, n__gt=0
    )
    counts, params = pairs.values("other_value", "n").query.sql_with_params()
    sql = (
        f"SELECT b.id, b.name, b.slug, b.kind, c.n AS shared, COUNT(*) OVER () AS body_total "
        f"FROM {PublicBody._meta.db_table} b JOIN ({counts}) c "
        f"ON c.other_value = CAST(b.id AS VARCHAR(40)) "
        f"WHERE b.publication = %s ORDER BY c.n DESC, b.name, b.id LIMIT %s"
    )
    return list(PublicBody.objects.raw(sql, [*params, PublicationStatus.PUBLISHED, limit]))


class CategoryListView(TemplateView):
    template_name = "services/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=categories_by_kind(), **kwargs)


class CategoryDetailView(PreviewMixin, DetailView):
    template_name = "services/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        # How many published agreements it has, kept at commit (agreements.facets).
        return (
            visible_to(self.request, ServiceCategory.objects.all())
            .annotate(agreement_total=facets.kept_count(facets.CATEGORY))
            .prefetch_related(Prefetch("statutes", queryset=Statute.objects.published()), "sources")
        )

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.published().filter(categories=self.object)
        # For the partner finder's form, and the council to tell of an unrecorded agreement.
        partner_towns, council = towns_and_council()
        agreement_total = self.object.agreement_total
        # The bodies taking part in the most of its agreements, and how many take part.
        bodies = busiest_bodies(self.object, BODY_LIMIT)
        return super().get_context_data(
            # The newest few; the library pages through the rest.
            agreements=agreements.for_listing().newest_first()[:LIST_LIMIT],
            agreement_total=agreement_total,
            coverage=coverage(self.object, partner_towns),
            savings=savings(agreements, agreement_total),
            bodies=sorted(bodies, key=lambda body: body.name),
            body_total=bodies[0].body_total if bodies else 0,
            partner_towns=partner_towns,
            council=council,
            **kwargs,
        )
