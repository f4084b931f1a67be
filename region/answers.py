"""Who provides a service in a town, from published content only, in plain sentences.

A town gets a service through sharing in one of four ways:
- it leads an agreement for it (it provides the service, for itself and the other parties);
- it is a partner (it shares the service jointly with the other partners, or with the leads);
- it receives it (the agreement's leads provide it);
- it is a current member of a regional body that leads or is a partner in such an agreement
  (the body provides it to its members).

Only current agreements (active, or status not known, as the partner finder counts them) make
the answer's sentences; proposed and ended ones are listed apart as the record's history.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection
from django.db.models import Prefetch, Q

from agreements import facets
from agreements.models import Agreement, FacetPair, Party, PartyRole
from municipalities.models import BodyKind, Membership, PublicBody
from partners.finder import CURRENT_STATUSES, PROVIDING_ROLES
from portal.models import PublicationStatus
from services.models import ServiceCategory

# The other towns named beside a town's answer; the agreement's page lists them all.
OTHERS_SHOWN = 12


class Way(StrEnum):
    LEADS = "leads"
    PARTNER = "partner"
    RECEIVES = "receives"
    MEMBER = "member"


def names(bodies) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [body.name for body in bodies]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass
class Arrangement:
    """One way the town gets the service: an agreement, and the town's place in it."""

    agreement: Agreement
    way: Way
    providers: list = field(default_factory=list)  # who delivers it to the town
    others: list = field(default_factory=list)  # the others served or sharing the same way
    others_total: int = 0
    district: object = None  # for Way.MEMBER: the regional body the town belongs to
    text: str = ""  # the sentence, set by answer()

    @property
    def more(self) -> int:
        """How many others are not named."""
        return self.others_total - len(self.others)

    @property
    def is_current(self) -> bool:
        return self.agreement.status in CURRENT_STATUSES

    def sentence(self, town, category) -> str:
        """The answer in one sentence, e.g. "Building inspection in Andover is provided by
        Bolton under a regional agreement." Plain text: the template escapes it."""
        service = category.name
        if self.way == Way.MEMBER:
            return (
                f"{service} in {town.name} is provided by {self.district.name}, a regional body "
                f"{town.name} is a member of."
            )
        if self.way == Way.RECEIVES:
            if self.providers:
                return (
                    f"{service} in {town.name} is provided by {names(self.providers)} under a "
                    "regional agreement."
                )
            return f"{town.name} receives {service.lower()} under a shared agreement; no lead is recorded."
        if self.way == Way.LEADS:
            if self.others:
                return (
                    f"{town.name} provides {service.lower()} itself and leads an agreement that "
                    f"serves {names(self.others)}{self._and_more()} too."
                )
            return f"{town.name} leads a shared agreement for {service.lower()}."
        # A partner: with leads, they provide it; without, the partners share it jointly.
        if self.providers:
            return (
                f"{service} in {town.name} is provided by {names(self.providers)}, with "
                f"{town.name} as a partner."
            )
        if self.others:
            return (
                f"{town.name} shares {service.lower()} jointly with "
                f"{names(self.others)}{self._and_more()}."
            )
        return f"{town.name} takes part in a shared agreement for {service.lower()}."

    def _and_more(self) -> str:
        return f" and {self.more} other{'s' if self.more != 1 else ''}" if self.more > 0 else ""


@dataclass
class Answer:
    town: object
    category: object
    arrangements: list

    @property
    def current(self) -> list:
        return [a for a in self.arrangements if a.is_current]

    @property
    def earlier(self) -> list:
        return [a for a in self.arrangements if not a.is_current]

    @property
    def providers(self) -> list:
        """Every body that provides the service to the town now, once each, by name."""
        seen = {}
        for arrangement in self.current:
            for body in arrangement.providers:
                seen.setdefault(body.pk, body)
        return sorted(seen.values(), key=lambda body: body.name.casefold())


def answer(town, category) -> Answer:
    """How `town` gets `category` through sharing. Three queries, whatever the data size:
    the town's current districts, the agreements with their visible parties, and the
    districts' other members."""
    districts = dict(
        Membership.objects.visible()
        .filter(member=town, left_year__isnull=True)
        .values_list("body_id", "body__name")
    )
    through_district = Q(parties__body_id__in=list(districts), parties__role__in=PROVIDING_ROLES)
    agreements = list(
        Agreement.objects.published()
        .filter(categories=category)
        .filter(Q(parties__body=town) | through_district)
        .distinct()
        .only("title", "slug", "status", "start_year", "end_year", "governance")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.visible()
                .select_related("body")
                .only(
                    "role", "agreement", "body__name", "body__slug", "body__website", "body__kind"
                )
                .order_by("body__name"),
            )
        )
        .order_by("title", "pk")
    )
    members = _other_members(districts, town, agreements)
    arrangements = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        own = next((p for p in parties if p.body_id == town.pk), None)
        if own is not None:
            # Its own place in the agreement says it all; its district's would repeat it.
            arrangements.append(_as_party(agreement, own, parties))
            continue
        for party in parties:
            if party.body_id in districts and party.role in PROVIDING_ROLES:
                others = members.get(party.body_id, [])
                arrangements.append(
                    Arrangement(
                        agreement=agreement,
                        way=Way.MEMBER,
                        providers=[party.body],
                        district=party.body,
                        others=others[:OTHERS_SHOWN],
                        others_total=len(others),
                    )
                )
    for arrangement in arrangements:
        arrangement.text = arrangement.sentence(town, category)
    order = list(Way)
    arrangements.sort(key=lambda a: (not a.is_current, order.index(a.way), a.agreement.title))
    return Answer(town=town, category=category, arrangements=arrangements)


def _as_party(agreement, own, parties) -> Arrangement:
    leads = [p.body for p in parties if p.role == PartyRole.LEAD and p.body_id != own.body_id]
    if own.role == PartyRole.LEAD:
        way, providers = Way.LEADS, [own.body]
        others = [p.body for p in parties if p.body_id != own.body_id]
    elif own.role == PartyRole.PARTNER:
        way, providers = Way.PARTNER, leads
        others = [p.body for p in parties if p.role == PartyRole.PARTNER and p is not own]
    else:
        way, providers = Way.RECEIVES, leads
        others = [p.body for p in parties if p.role == PartyRole.RECIPIENT and p is not own]
    return Arrangement(
        agreement=agreement,
        way=way,
        providers=providers,
        others=others[:OTHERS_SHOWN],
        others_total=len(others),
    )


def _other_members(districts, town, agreements) -> dict:
    """The other current members of each district that provides the service: one query."""
    providing = {
        party.body_id
        for agreement in agreements
        for party in agreement.parties.all()
        if party.body_id in districts and party.role in PROVIDING_ROLES
    }
    if not providing:
        return {}
    members = {}
    for membership in (
        Membership.objects.visible()
        .filter(body_id__in=providing, left_year__isnull=True)
        .exclude(member=town)
        .select_related("member")
        .only("body", "member__name", "member__slug", "member__kind")
        .order_by("member__name")
    ):
        members.setdefault(membership.body_id, []).append(membership.member)
    return members


def recorded_pairs() -> list[tuple[str, str]]:
    """(town slug, category slug) for every answer that has a recorded arrangement, sorted:
    for the sitemap, so that search engines find the answers worth finding. Two queries: the
    towns' own parts from the kept pair counts (agreements.facets; grouping every party took
    a third of a second at 100,000 agreements), and their districts' parts."""
    published = PublicationStatus.PUBLISHED
    through_district = Membership.objects.visible().filter(
        left_year__isnull=True,
        member__kind=BodyKind.MUNICIPALITY,
        body__parties__role__in=PROVIDING_ROLES,
        body__parties__agreement__publication=published,
        body__parties__agreement__categories__publication=published,
    )
    bodies, categories = PublicBody._meta.db_table, ServiceCategory._meta.db_table
    direct = (
        f"SELECT b.slug, c.slug FROM {FacetPair._meta.db_table} p "
        f"JOIN {bodies} b ON p.value = CAST(b.id AS VARCHAR(40)) "
        f"JOIN {categories} c ON p.other_value = CAST(c.id AS VARCHAR(40)) "
        f"WHERE p.facet = %s AND p.other_facet = %s AND p.n > 0 AND b.kind = %s "
        f"AND b.publication = %s AND c.publication = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            direct, [facets.BODY, facets.CATEGORY, BodyKind.MUNICIPALITY, published, published]
        )
        pairs = set(cursor.fetchall())
    # order_by(): the models' default orderings would join titles and names into the DISTINCT.
    pairs |= set(
        through_district.order_by()
        .values_list("member__slug", "body__parties__agreement__categories__slug")
        .distinct()
    )
    return sorted(pairs)
