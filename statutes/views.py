from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from agreements.models import LIST_LIMIT, Agreement
from portal.preview import PreviewMixin, visible_to
from services.models import ServiceCategory
from statutes.models import Statute


class StatuteListView(ListView):
    template_name = "statutes/statute_list.html"
    context_object_name = "statutes"

    def get_queryset(self):
        return Statute.objects.published()


class StatuteDetailView(PreviewMixin, DetailView):
    template_name = "statutes/statute_detail.html"
    context_object_name = "statute"

    def get_queryset(self):
        return visible_to(self.request, Statute.objects.all()).prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.published()), "sources"
        )

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.published().filter(statutes=self.object)
        return super().get_context_data(
            agreements=agreements.for_listing().newest_first()[:LIST_LIMIT],
            agreement_total=agreements.count(),
            **kwargs,
        )
