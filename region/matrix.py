"""The town × service matrix: how each member town gets each service through sharing.

A cell holds the town's ways (see region.answers.Way) from current published agreements in
the category: it leads, is a partner, receives it, or is a member of a regional body that
leads or is a partner in one. Three queries whatever the number of towns and agreements: the
towns, the categories, and the parties with the district memberships (one UNION). Without the
agreements of each column, the ways come from the kept counts instead (agreements.facets.WAY).
"""

from dataclasses import dataclass, field

from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Cast, Concat

from agreements import facets
from agreements.models import FacetPair, Party, PartyRole
from municipalities.models import BodyKind, Membership, PublicBody
from partners.finder import CURRENT_STATUSES, PROVIDING_ROLES
from portal.models import PublicationStatus
from region.answers import Way
from services.models import ServiceCategory

PUBLISHED = PublicationStatus.PUBLISHED
MEMBERSHIP = "membership"  # rows of district memberships among the kept ways (_kept_ways)
WAY_OF_ROLE = {PartyRole.LEAD: Way.LEADS, PartyRole.PARTNER: Way.PARTNER,
               PartyRole.RECIPIENT: Way.RECEIVES}  # fmt: skip
WAY_WORDS = {Way.LEADS: "leads", Way.PARTNER: "partner", Way.RECEIVES: "receives",
             Way.MEMBER: "district member"}  # fmt: skip


@dataclass
class Column:
    category: ServiceCategory
    towns: int = 0  # how many of the rows take part
    agreements: set = field(default_factory=set)
    districts: set = field(default_factory=set)


@dataclass
class Cell:
    category: ServiceCategory
    ways: list  # sorted Ways; empty when nothing is recorded

    def __bool__(self):
        return bool(self.ways)

    @property
    def text(self) -> str:
        return "; ".join(WAY_WORDS[way] for way in self.ways)


@dataclass
class Row:
    town: PublicBody
    cells: list  # one Cell per column

    @property
    def shared(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass
class Matrix:
    columns: list
    rows: list

    @property
    def towns_sharing(self) -> int:
        return sum(1 for row in self.rows if row.shared)


def build(
    kind: str = "",
    members_only: bool = False,
    descending: bool = False,
    *,
    towns=None,
    categories=None,
    agreements: bool = True,
) -> Matrix:
    """The matrix; a page that has already loaded the published towns or categories passes
    them (its own query saved). Without `agreements` the columns do not collect agreement
    ids (nor count them): each town's ways come back once, not once per agreement (a
    category's 80,000 party rows at 100,000 agreements)."""
    if towns is None:
        towns = PublicBody.objects.published().filter(kind=BodyKind.MUNICIPALITY)
        towns = list(towns.only("name", "slug", "is_cog_member").order_by("name", "pk"))
    if members_only:
        towns = [town for town in towns if town.is_cog_member]
    if descending:
        towns = list(reversed(towns))
    if categories is None:
        categories = ServiceCategory.objects.published().only("name", "slug", "kind")
        categories = list(categories.order_by("name", "pk"))
    if kind:
        categories = [category for category in categories if category.kind == kind]
    columns = [Column(category) for category in categories]
    index = {column.category.pk: i for i, column in enumerate(columns)}
    ways = {}  # (town id, column index) -> set of Ways
    if not agreements:
        _kept_ways(columns, index, ways)
        return _matrix(towns, columns, ways)
    no_agreement = Value(None, output_field=IntegerField())
    # The towns' own parts (a role, no district) and their districts' (a district, no role), as
    # one UNION: the rows are (town, category, role, district, agreement).
    own = (
        Party.objects.visible()
        .filter(
            body__kind=BodyKind.MUNICIPALITY,
            agreement__publication=PUBLISHED,
            agreement__status__in=CURRENT_STATUSES,
            agreement__categories__publication=PUBLISHED,
            agreement__categories__in=list(index),
        )
        .annotate(
            district=Value(None, output_field=IntegerField()),
            agreement_or_none=F("agreement_id") if agreements else no_agreement,
        )
        .order_by()
        .values_list("body_id", "agreement__categories", "role", "district", "agreement_or_none")
    )
    through_districts = (
        Membership.objects.visible()
        .filter(
            left_year__isnull=True,
            member__kind=BodyKind.MUNICIPALITY,
            body__parties__role__in=PROVIDING_ROLES,
            body__parties__agreement__publication=PUBLISHED,
            body__parties__agreement__status__in=CURRENT_STATUSES,
            body__parties__agreement__categories__publication=PUBLISHED,
            body__parties__agreement__categories__in=list(index),
        )
        .annotate(
            no_role=Value(None, output_field=CharField()),
            agreement_or_none=F("body__parties__agreement_id") if agreements else no_agreement,
        )
        .order_by()
        .values_list(
            "member_id",
            "body__parties__agreement__categories",
            "no_role",
            "body_id",
            "agreement_or_none",
        )
    )
    for town_id, category_id, role, district_id, agreement_id in own.union(through_districts):
        column = columns[index[category_id]]
        if agreements:
            column.agreements.add(agreement_id)
        if district_id is None:
            ways.setdefault((town_id, index[category_id]), set()).add(WAY_OF_ROLE[role])
        else:
            ways.setdefault((town_id, index[category_id]), set()).add(Way.MEMBER)
            column.districts.add(district_id)
    return _matrix(towns, columns, ways)


def _kept_ways(columns, index, ways) -> None:
    """Fill `ways` from the kept (category, body:role) pair counts of current agreements
    (agreements.facets.WAY) and the district memberships, in one query: grouping every party
    of a category's agreements took 75 ms at 100,000 agreements."""
    pairs = (
        FacetPair.objects.filter(
            facet=facets.CATEGORY,
            value__in=[str(pk) for pk in index],
            other_facet=facets.WAY,
            n__gt=0,
        )
        .order_by()
        .values_list("value", "other_value")
    )
    members = (
        Membership.objects.visible()
        .filter(left_year__isnull=True, member__kind=BodyKind.MUNICIPALITY)
        .annotate(
            facet=Value(MEMBERSHIP, output_field=CharField()),
            pair=Concat(Cast("body_id", CharField()), Value(":"), Cast("member_id", CharField())),
        )
        .order_by()
        .values_list("facet", "pair")
    )
    districts, taking_part = {}, []
    for first, second in pairs.union(members, all=True):
        left, _, right = second.partition(":")
        if first == MEMBERSHIP:
            districts.setdefault(int(left), []).append(int(right))
        else:
            taking_part.append((index[int(first)], int(left), right))
    for column_index, body_id, role in taking_part:
        ways.setdefault((body_id, column_index), set()).add(WAY_OF_ROLE[role])
        if role in PROVIDING_ROLES:
            for town_id in districts.get(body_id, ()):
                ways.setdefault((town_id, column_index), set()).add(Way.MEMBER)
                columns[column_index].districts.add(body_id)


def _matrix(towns, columns, ways) -> Matrix:
    order = list(Way)
    rows = []
    for town in towns:
        cells = [
            Cell(column.category, sorted(ways.get((town.pk, i), ()), key=order.index))
            for i, column in enumerate(columns)
        ]
        rows.append(Row(town, cells))
        for column, cell in zip(columns, cells, strict=True):
            column.towns += bool(cell)
    return Matrix(columns=columns, rows=rows)
