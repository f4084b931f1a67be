from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from contacts.models import Contact, Program, Resource
from portal.preview import PreviewMixin, visible_to
from statutes.models import Statute


class ProgramQuerysetMixin:
    def get_queryset(self):
        return (
            self.programs()
            .select_related("administering_body")
            .prefetch_related(
                Prefetch(
                    "contacts", queryset=Contact.objects.published().prefetch_related("sources")
                ),
                Prefetch("statutes", queryset=Statute.objects.published()),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(resources=Resource.objects.published(), **kwargs)


class ProgramListView(ProgramQuerysetMixin, ListView):
    template_name = "contacts/program_list.html"
    context_object_name = "programs"

    def programs(self):
        return Program.objects.published()


class ProgramDetailView(PreviewMixin, ProgramQuerysetMixin, DetailView):
    template_name = "contacts/program_detail.html"
    context_object_name = "program"

    def programs(self):
        return visible_to(self.request, Program.objects.all())

    def get_queryset(self):
        return super().get_queryset().prefetch_related("sources")
