from django.db.models import Count, Exists, OuterRef, Q
from django.views.generic import DetailView
from django_filters.views import FilterView

from agreements.models import Agreement, Party, PartyRole
from municipalities.alphabet import NAME_ORDER, jump_links
from municipalities.filters import BodyFilter
from municipalities.models import Membership, PublicBody
from portal.models import PublicationStatus
from portal.pagination import ForgivingPaginationMixin
from portal.preview import PreviewMixin, visible_to
from region import lookup, network

# A body's page lists up to this many agreements per role (it leads, receives, is a partner);
# a big city has hundreds, which the library pages through.
ROLE_LIMIT = 10
# The partners a body's page names and draws: those it shares the most agreements with. A body
# of a state-wide library may have a thousand; the library lists them all by municipality.
PARTNER_LIMIT = 30

PUBLISHED = PublicationStatus.PUBLISHED


class BodyListView(ForgivingPaginationMixin, FilterView):
    template_name = "municipalities/body_list.html"
    filterset_class = BodyFilter
    context_object_name = "bodies"
    paginate_by = 100
    strict = False  # an invalid filter shows the form's message instead of an empty list

    def get_queryset(self):
        return PublicBody.objects.published().order_by(*NAME_ORDER)

    def paginate_queryset(self, queryset, page_size):
        # Counted for the page's rows only; the A–Z jump counts the plain filtered list.
        self.filtered = queryset
        counted = queryset.annotate(
            agreement_count=Count(
                "parties__agreement",
                filter=Q(parties__agreement__publication=PUBLISHED),
                distinct=True,
            )
        )
        return super().paginate_queryset(counted, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, which sets self.filtered
        context["letters"] = jump_links(self.filtered, self.paginate_by)
        return context


ROLE_GROUPS = [
    (PartyRole.LEAD, "Services it provides"),
    (PartyRole.RECIPIENT, "Services it receives"),
    (PartyRole.PARTNER, "Services it shares as a partner"),
]


def busiest_partners(body, agreements, limit: int) -> list:
    """The published bodies other than `body` party to the most of `agreements`, each with
    its count (`shared`) and how many there are in all (`partner_total`): one query, grouped
    on the party table and joined to the bodies, the first `limit` only (a town's 885
    partners were read whole, and all but 30 dropped, at 100,000 agreements)."""
    counts, params = (
        Party.objects.filter(agreement__in=agreements)
        .exclude(body=body)
        .order_by()
        .values("body_id")
        .annotate(shared=Count("agreement_id", distinct=True))
        .query.sql_with_params()
    )
    sql = (
        f"SELECT b.*, c.shared, COUNT(*) OVER () AS partner_total "
        f"FROM {PublicBody._meta.db_table} b JOIN ({counts}) c ON c.body_id = b.id "
        f"WHERE b.publication = %s ORDER BY c.shared DESC, b.name, b.id LIMIT %s"
    )
    return list(PublicBody.objects.raw(sql, [*params, PublicationStatus.PUBLISHED, limit]))


class BodyDetailView(PreviewMixin, DetailView):
    template_name = "municipalities/body_detail.html"
    context_object_name = "body"

    def get_queryset(self):
        return (
            visible_to(self.request, PublicBody.objects.all())
            .select_related("parent")
            .prefetch_related("sources")
        )

    def get_context_data(self, **kwargs):
        body = self.object
        agreements = Agreement.objects.published().filter(parties__body=body)
        # Every (agreement, role) of this body, as plain values: cheap even for a big city.
        # Each role group shows its first ROLE_LIMIT agreements; the library pages the rest.
        ids_by_role = {role: [] for role, _ in ROLE_GROUPS}
        parties = Party.objects.filter(body=body, agreement__in=agreements)
        for agreement_id, role in parties.order_by("agreement__title").values_list(
            "agreement_id", "role"
        ):
            ids_by_role[role].append(agreement_id)
        shown = [pk for ids in ids_by_role.values() for pk in ids[:ROLE_LIMIT]]
        rows = {a.pk: a for a in Agreement.objects.filter(pk__in=shown).for_listing()}
        role_groups = [
            (label, [rows[pk] for pk in ids_by_role[role][:ROLE_LIMIT]], len(ids_by_role[role]))
            for role, label in ROLE_GROUPS
            if ids_by_role[role]
        ]
        partners = busiest_partners(body, agreements, PARTNER_LIMIT)
        partner_count = partners[0].partner_total if partners else 0
        partners = sorted(partners, key=lambda partner: partner.name)
        # Both directions in one query: a district's members, and the districts a town is in.
        memberships = list(
            Membership.objects.visible()
            .filter(Q(body=body) | Q(member=body))
            .select_related("body", "member")
        )
        members = [m for m in memberships if m.body_id == body.pk]
        member_of = [m for m in memberships if m.member_id == body.pk]
        # Every published service (the "Who provides" form offers them all), each marked
        # when this body shares it: one query for both lists.
        all_categories = list(
            lookup.categories().annotate(
                shared_here=Exists(agreements.filter(categories=OuterRef("pk")))
            )
        )
        return super().get_context_data(
            role_groups=role_groups,
            agreement_count=sum(total for _, _, total in role_groups),
            categories=[category for category in all_categories if category.shared_here],
            all_categories=all_categories,
            partners=partners,
            partner_count=partner_count,
            children=PublicBody.objects.published().filter(parent=body),
            members=members,
            member_of=member_of,
            # The picture of whom it shares with, from the lists above: no query of its own.
            network=network.focused(
                body,
                partners,
                districts=[m.body for m in member_of if m.left_year is None],
                members=[m.member for m in members if m.left_year is None],
            ),
            **kwargs,
        )
