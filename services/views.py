from django.db.models import Prefetch
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


class CategoryListView(TemplateView):
    template_name = "services/category_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=categories_by_kind(), **kwargs)


class CategoryDetailView(PreviewMixin, DetailView):
    template_name = "services/category_detail.html"
    context_object_name = "category"

    def get_queryset(self):
        return visible_to(self.request, ServiceCategory.objects.all()).prefetch_related(
            Prefetch("statutes", queryset=Statute.objects.published()), "sources"
        )

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.published().filter(categories=self.object)
        # For the partner finder's form, and the council to tell of an unrecorded agreement.
        partner_towns, council = towns_and_council()
        agreement_total = agreements.count()
        return super().get_context_data(
            # The newest few; the library pages through the rest.
            agreements=agreements.for_listing().newest_first()[:LIST_LIMIT],
            agreement_total=agreement_total,
            coverage=coverage(self.object, partner_towns),
            savings=savings(agreements, agreement_total),
            bodies=PublicBody.objects.published()
            .filter(parties__agreement__in=agreements)
            .distinct()
            .order_by("name"),
            partner_towns=partner_towns,
            council=council,
            **kwargs,
        )
