from django.db.models import Count, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import Coalesce
from django.views.generic import DetailView, TemplateView

from agreements.models import LIST_LIMIT, Agreement
from municipalities.models import PublicBody
from partners.finder import towns_and_council
from portal.preview import PreviewMixin, visible_to
from portal.views import categories_by_kind
from region.charts import coverage
from region.savings import savings
from services.models import ServiceCategory
from statutes.models import Statute

# A category's page names the bodies taking part in the most of its agreements; the library's
# list of bodies (a facet's page) has all of them.
BODY_LIMIT = 30


class CategoryListView(TemplateView):
    template_name = "services/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=categories_by_kind(), **kwargs)


class CategoryDetailView(PreviewMixin, DetailView):
    template_name = "services/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        # How many published agreements it has, counted in the category's own query.
        total = (
            Agreement.objects.published()
            .filter(categories=OuterRef("pk"))
            .order_by()
            .values("categories")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            visible_to(self.request, ServiceCategory.objects.all())
            .annotate(agreement_total=Coalesce(Subquery(total), 0))
            .prefetch_related(Prefetch("statutes", queryset=Statute.objects.published()), "sources")
        )

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.published().filter(categories=self.object)
        # For the partner finder's form, and the council to tell of an unrecorded agreement.
        partner_towns, council = towns_and_council()
        agreement_total = self.object.agreement_total
        # The bodies taking part in the most of its agreements, and how many take part.
        bodies = list(
            PublicBody.objects.published()
            .filter(parties__agreement__in=agreements)
            .annotate(
                shared=Count("parties__agreement", distinct=True), body_total=Window(Count("pk"))
            )
            .order_by("-shared", "name", "pk")[:BODY_LIMIT]
        )
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
