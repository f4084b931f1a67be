"""Who already leads or shares a service, and how near each body is to a town.

Nearness rule (also stated on the page): a body in the town's planning region comes first,
then one in the town's county, then the rest; within each group, by name.

A body that has no planning region or county recorded (most districts and authorities) takes
its parent's, and failing that its current member towns': a health district counts as in the
Capitol region if any of its member towns is. A town with neither recorded puts every body in
"the rest", so the list is simply by name.

What counts as leading or sharing a service:
- being a party, in any role, to a published agreement in the service's category;
- being a current member of a regional body that leads or is a partner in such an agreement
  (a district that only receives a service does not pass it on to its members).

A town "already shares" with a body when both are parties to a current agreement for the
service, when it is a current member of that body, or when both are current members of the
same district that provides the service.
"""

from dataclasses import dataclass, field
from enum import IntEnum

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from agreements.models import Agreement, AgreementStatus, Party, PartyRole
from municipalities.models import BodyKind, Membership, PublicBody
from services.models import ServiceCategory

# The list shows the nearest MAX_PROVIDERS bodies, each with its newest AGREEMENTS_SHOWN
# agreements for the service; the library (linked) lists the rest.
MAX_PROVIDERS = 50
AGREEMENTS_SHOWN = 3
TOWN_ARRANGEMENTS_SHOWN = 20

# "Status not known" counts as current: most sources do not say, and the page shows the status.
CURRENT_STATUSES = [AgreementStatus.ACTIVE, AgreementStatus.UNKNOWN]
# Roles that mean a body delivers the service, rather than only receiving it.
PROVIDING_ROLES = [PartyRole.LEAD, PartyRole.PARTNER]

# Only what the page shows (and the nearness rule reads) is loaded.
BODY_FIELDS = ["name", "slug", "kind", "website", "planning_region", "county", "parent"]
PARENT_FIELDS = ["planning_region", "county", "publication"]
AGREEMENT_FIELDS = ["title", "slug", "status", "governance", "start_year"]

ROLE_PHRASES = {
    PartyRole.LEAD: "leads or provides it",
    PartyRole.PARTNER: "shares it as a partner",
    PartyRole.RECIPIENT: "receives it",
}


class Nearness(IntEnum):
    SAME_REGION = 0
    SAME_COUNTY = 1
    ELSEWHERE = 2


@dataclass
class Place:
    """The planning regions and counties a body is in; several for a district."""

    regions: frozenset = frozenset()
    counties: frozenset = frozenset()

    def nearness_to(self, town: "Place") -> Nearness:
        if self.regions & town.regions:
            return Nearness.SAME_REGION
        if self.counties & town.counties:
            return Nearness.SAME_COUNTY
        return Nearness.ELSEWHERE


@dataclass
class Provider:
    """A body that leads or shares the service, and how it does."""

    body: PublicBody
    agreement_total: int = 0
    roles: set = field(default_factory=set)
    parties: list = field(default_factory=list)  # the newest few, with their agreements
    districts: list = field(default_factory=list)  # providing districts it is a member of
    member_count: int = 0  # when it is itself a providing district
    nearness: Nearness = Nearness.ELSEWHERE
    shares_with_town: bool = False

    @property
    def more_agreements(self) -> bool:
        return self.agreement_total > len(self.parties)

    @property
    def role_phrases(self) -> list:
        return [phrase for role, phrase in ROLE_PHRASES.items() if role in self.roles]


@dataclass
class Finding:
    """What the finder page shows for one service, and optionally one town."""

    providers: list  # ordered, at most MAX_PROVIDERS
    total: int  # before the cap
    town_parties: list = field(default_factory=list)  # the town's current agreements
    town_districts: list = field(default_factory=list)  # providing districts it belongs to

    @property
    def groups(self):
        """(nearness, providers) in order, skipping empty groups."""
        return [
            (nearness, [p for p in self.providers if p.nearness == nearness])
            for nearness in Nearness
            if any(p.nearness == nearness for p in self.providers)
        ]

    @property
    def shared_count(self) -> int:
        return sum(p.shares_with_town for p in self.providers)


def towns_and_council():
    """The published towns (for a select) and the region's own COG body if published: one query."""
    rows = list(
        PublicBody.objects.published()
        .filter(Q(kind=BodyKind.MUNICIPALITY) | Q(kind=BodyKind.COG, name=settings.COG_NAME))
        .only("name", "slug", "kind", "website", "planning_region", "county", "is_cog_member")
        .order_by("name")
    )
    council = next((b for b in rows if b.kind == BodyKind.COG), None)
    return [b for b in rows if b.kind == BodyKind.MUNICIPALITY], council


def place_of(body: PublicBody, parent=None, member_places=()) -> Place:
    """A body's own region and county; else its (published) parent's; else its member towns'."""
    parent = parent if parent is not None and parent.is_published else None

    def values(name):
        own = getattr(body, name) or (getattr(parent, name) if parent else "")
        if own:
            return frozenset([own])
        return frozenset(getattr(place, name) for place in member_places if getattr(place, name))

    return Place(regions=values("planning_region"), counties=values("county"))


def find(category, town=None) -> Finding:
    """Bodies leading or sharing `category`, nearest to `town` first (by name without a town).

    Four queries, six with a town, however many agreements, bodies and members there are;
    the Python work is one pass over the bodies involved.
    """
    agreements = Agreement.objects.published().filter(categories=category)
    parties = Party.objects.visible().filter(agreement__in=agreements)
    stats = _party_stats(parties)
    # Only a current agreement makes a district provide the service to its members.
    providing_ids = {pk for pk, row in stats.items() if row["provides_now"]}
    members_by_body, member_places = _current_members(parties)
    districts_of = {}  # member id -> the providing districts it belongs to
    for district_id in providing_ids:
        for member_id in members_by_body.get(district_id, ()):
            districts_of.setdefault(member_id, []).append(district_id)

    # The bodies: every party, and every current member of a providing district.
    members = Membership.objects.visible().filter(left_year__isnull=True, body__in=providing_ids)
    bodies = {
        body.pk: body
        for body in PublicBody.objects.published()
        .filter(Q(pk__in=parties.values("body_id")) | Q(pk__in=members.values("member_id")))
        .select_related("parent")
        .only(*BODY_FIELDS, *(f"parent__{name}" for name in PARENT_FIELDS))
    }
    town_place = place_of(town) if town else None
    providers = []
    for pk, body in bodies.items():
        if town and pk == town.pk:
            continue
        row = stats.get(pk)
        provider = Provider(
            body=body,
            agreement_total=row["total"] if row else 0,
            roles={role for role in PartyRole.values if row and row[role]},
            member_count=len(members_by_body.get(pk, ())) if pk in providing_ids else 0,
            districts=sorted((bodies[d] for d in districts_of.get(pk, ()) if d in bodies), key=str),
        )
        if town_place:
            place = place_of(body, body.parent, member_places.get(pk, ()))
            provider.nearness = place.nearness_to(town_place)
        providers.append(provider)
    providers.sort(key=lambda p: (p.nearness, p.body.name.casefold(), p.body.pk))
    finding = Finding(providers=providers[:MAX_PROVIDERS], total=len(providers))
    _add_newest_agreements(finding.providers, parties)
    if town:
        _add_town(finding, town, agreements, parties, districts_of, bodies)
    return finding


def _party_stats(parties):
    """Per body id: its number of agreements, and of each role. One row per body."""
    return {
        row["body_id"]: row
        for row in parties.order_by()
        .values("body_id")
        .annotate(
            total=Count("pk"),
            **{role: Count("pk", filter=Q(role=role)) for role in PartyRole.values},
            provides_now=Count(
                "pk",
                filter=Q(role__in=PROVIDING_ROLES, agreement__status__in=CURRENT_STATUSES),
            ),
        )
    }


def _current_members(parties):
    """The current members of every body involved, and where they are: for who shares
    through a district, and where a district with no place of its own is."""
    members_by_body, member_places = {}, {}
    for body_id, member_id, region, county in (
        Membership.objects.visible()
        .filter(left_year__isnull=True, body__in=parties.values("body_id"))
        .order_by()
        .values_list("body_id", "member_id", "member__planning_region", "member__county")
    ):
        members_by_body.setdefault(body_id, []).append(member_id)
        # An unsaved body stands for the member: place_of reads only these two fields.
        member_places.setdefault(body_id, []).append(
            PublicBody(planning_region=region, county=county)
        )
    return members_by_body, member_places


def _add_newest_agreements(providers, parties):
    """The newest AGREEMENTS_SHOWN agreements of each provider shown, in one windowed query."""
    by_pk = {provider.body.pk: provider for provider in providers}
    newest = (
        parties.filter(body_id__in=list(by_pk))
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("body_id")],
                order_by=[
                    F("agreement__start_year").desc(nulls_last=True),
                    F("agreement__title").asc(),
                    F("agreement_id").asc(),
                ],
            )
        )
        .filter(row__lte=AGREEMENTS_SHOWN)
        .select_related("agreement")
        .only("role", "body", *(f"agreement__{name}" for name in AGREEMENT_FIELDS))
        .order_by("body_id", "row")
    )
    for party in newest:
        by_pk[party.body_id].parties.append(party)


def _add_town(finding, town, agreements, parties, districts_of, bodies):
    """Flag who the town already shares with, and list its own arrangements: two queries."""
    current = agreements.filter(status__in=CURRENT_STATUSES, parties__body=town)
    shares_with = set(parties.filter(agreement__in=current).values_list("body_id", flat=True))
    town_districts = set(districts_of.get(town.pk, ()))
    shares_with |= town_districts
    for provider in finding.providers:
        pk = provider.body.pk
        if pk in shares_with or town_districts & set(districts_of.get(pk, ())):
            provider.shares_with_town = True
    finding.town_parties = list(
        parties.filter(body=town, agreement__status__in=CURRENT_STATUSES)
        .select_related("agreement")
        .only("role", "body", *(f"agreement__{name}" for name in AGREEMENT_FIELDS))
        .order_by(F("agreement__start_year").desc(nulls_last=True), "agreement__title")[
            :TOWN_ARRANGEMENTS_SHOWN
        ]
    )
    finding.town_districts = sorted((bodies[d] for d in town_districts if d in bodies), key=str)


def town_categories(town):
    """The published categories of the town's published agreements: one query."""
    return (
        ServiceCategory.objects.published()
        .filter(agreements__in=Agreement.objects.published().filter(parties__body=town))
        .distinct()
        .only("name", "slug")
    )
