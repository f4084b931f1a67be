from django.db.models import Count, Q
from django.views.generic import DetailView
from django_filters.views import FilterView

from agreements.models import Agreement, Party, PartyRole
from municipalities.filters import BodyFilter
from municipalities.models import PublicBody
from portal.models import PublicationStatus
from services.models import ServiceCategory

PUBLISHED = PublicationStatus.PUBLISHED


class BodyListView(FilterView):
    template_name = "municipalities/body_list.html"
    filterset_class = BodyFilter
    context_object_name = "bodies"
    paginate_by = 100
    strict = False  # an invalid filter shows the form's message instead of an empty list

    def get_queryset(self):
        return (
            PublicBody.objects.published()
            .select_related("parent")
            .annotate(
                agreement_count=Count(
                    "parties__agreement",
                    filter=Q(parties__agreement__publication=PUBLISHED),
                    distinct=True,
                )
            )
            .order_by("name")
        )


ROLE_GROUPS = [
    (PartyRole.LEAD, "Services it provides"),
    (PartyRole.RECIPIENT, "Services it receives"),
    (PartyRole.PARTNER, "Services it shares as a partner"),
]


class BodyDetailView(DetailView):
    template_name = "municipalities/body_detail.html"
    context_object_name = "body"

    def get_queryset(self):
        return PublicBody.objects.published().select_related("parent")

    def get_context_data(self, **kwargs):
        body = self.object
        agreements = Agreement.objects.published().filter(parties__body=body)
        roles = dict(
            Party.objects.filter(body=body, agreement__in=agreements).values_list(
                "agreement_id", "role"
            )
        )
        groups = {role: [] for role, _ in ROLE_GROUPS}
        rows = agreements.for_listing().order_by("title")
        for agreement in rows:
            groups[roles[agreement.pk]].append(agreement)
        return super().get_context_data(
            role_groups=[(label, groups[role]) for role, label in ROLE_GROUPS if groups[role]],
            agreement_count=len(roles),
            categories=ServiceCategory.objects.published()
            .filter(agreements__in=agreements)
            .distinct(),
            partners=PublicBody.objects.published()
            .filter(parties__agreement__in=agreements)
            .exclude(pk=body.pk)
            .distinct()
            .order_by("name"),
            children=PublicBody.objects.published().filter(parent=body),
            **kwargs,
        )
