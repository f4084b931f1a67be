"""The sharing network, drawn on the server as SVG: bodies as nodes, sharing as links.

Layout (deterministic: the same data always gives the same bytes):
- the region: towns on an outer ring, by name, evenly spaced from the top, clockwise; every
  other body (districts, authorities, the council, agencies) on an inner ring, each placed at
  the mean angle of the towns it is linked to (its "barycentre"), so that a district sits
  beside its member towns; ties and unlinked bodies fall back to name order. Town names run
  outward from the outer ring; the inner bodies are numbered, with a key beside the picture.
- one body: the body in the centre, the bodies it shares with on a ring around it, by name.

Links: an agreement links each of its parties to each of its leads; an agreement without a
lead links its parties to one another (a shared arrangement among equals); a current
membership links a town to its district. Several links between the same two bodies are drawn
once, thicker, and their agreements named in the link's tooltip. Only published, current
agreements (active or status not known) and visible, current memberships count.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from agreements.models import Party, PartyRole
from municipalities.models import BodyKind, Membership
from partners.finder import CURRENT_STATUSES
from portal.models import PublicationStatus

SIZE = 1000  # the viewBox is SIZE × SIZE, centred on 0, 0
OUTER = 300
INNER = 170
FOCUS_RING = 250
LABEL_CHARS = 26  # longer names are shortened on the picture; the full name is its tooltip


@dataclass
class Node:
    pk: int
    name: str
    url: str
    kind: str
    x: float = 0.0
    y: float = 0.0
    angle: float = 0.0  # degrees, clockwise from the top
    outward: bool = True  # the label's direction
    centre: bool = False
    number: int = 0  # on the region's inner ring, a number keyed below the picture

    @property
    def is_town(self) -> bool:
        return self.kind == BodyKind.MUNICIPALITY

    @property
    def label(self) -> str:
        return self.name if len(self.name) <= LABEL_CHARS else self.name[: LABEL_CHARS - 1] + "…"

    @property
    def label_rotation(self) -> float:
        """Text along the radius, never upside down: flipped on the left half."""
        rotation = self.angle - 90
        return round(rotation + 180 if self.angle > 180 else rotation, 1)

    @property
    def label_anchor(self) -> str:
        left = self.angle > 180
        return "end" if left == self.outward else "start"

    @property
    def label_x(self) -> float:
        gap = 9 if self.outward else -9
        return round(self.x + gap * math.sin(math.radians(self.angle)), 1)

    @property
    def label_y(self) -> float:
        gap = 9 if self.outward else -9
        return round(self.y - gap * math.cos(math.radians(self.angle)), 1)


@dataclass
class Link:
    a: Node
    b: Node
    agreements: list = field(default_factory=list)  # their titles, when known
    count: int = 0  # agreements in common
    member: bool = False

    @property
    def width(self) -> float:
        return round(1 + math.log2(1 + self.count), 1)

    @property
    def words(self) -> str:
        """The link in words: "member; 2 agreements"."""
        parts = ["member"] if self.member else []
        if self.count:
            parts.append(f"{self.count} agreement{'s' if self.count != 1 else ''}")
        return "; ".join(parts)

    @property
    def title(self) -> str:
        parts = []
        if self.member:
            parts.append(f"{self.a.name} is a member of {self.b.name}")
        if self.count:
            named = f": {'; '.join(sorted(self.agreements))}" if self.agreements else ""
            parts.append(
                f"{self.a.name} and {self.b.name} share {self.words.split('; ')[-1]}{named}"
            )
        return ". ".join(parts)


@dataclass
class Network:
    nodes: list
    links: list
    size: int = SIZE

    @property
    def key(self) -> list:
        return [node for node in self.nodes if node.number]

    @property
    def view_box(self) -> str:
        half = self.size // 2
        return f"{-half} {-half} {self.size} {self.size}"

    def neighbours(self) -> list:
        """(node, [(other, link), …]) by name: the picture's text equivalent."""
        around = defaultdict(list)
        for link in self.links:
            around[link.a.pk].append((link.b, link))
            around[link.b.pk].append((link.a, link))
        return [
            (node, sorted(around[node.pk], key=lambda pair: pair[0].name.casefold()))
            for node in sorted(self.nodes, key=lambda node: node.name.casefold())
        ]


def _place(node: Node, radius: float, angle: float, outward=True):
    node.angle = round(angle % 360, 3)
    node.x = round(radius * math.sin(math.radians(node.angle)), 1)
    node.y = round(-radius * math.cos(math.radians(node.angle)), 1)
    node.outward = outward


def _node(body) -> Node:
    return Node(pk=body.pk, name=body.name, url=body.get_absolute_url(), kind=body.kind)


class _Links:
    def __init__(self):
        self.by_pair = {}

    def add(self, a: Node, b: Node, title=None, member=False, count=0):
        if a.pk == b.pk:
            return
        key = (min(a.pk, b.pk), max(a.pk, b.pk))
        link = self.by_pair.get(key)
        if link is None:
            # A member's link reads "town → district"; otherwise by name.
            first, second = (a, b) if member or a.name <= b.name else (b, a)
            link = self.by_pair[key] = Link(first, second)
        if title and title not in link.agreements:
            link.agreements.append(title)
            link.count += 1
        link.count += count
        link.member |= member

    def sorted(self) -> list:
        return [self.by_pair[key] for key in sorted(self.by_pair)]


def regional() -> Network:
    """The whole region: two queries, whatever the number of agreements."""
    published = PublicationStatus.PUBLISHED
    parties = (
        Party.objects.visible()
        .filter(agreement__publication=published, agreement__status__in=CURRENT_STATUSES)
        .select_related("body", "agreement")
        .only("role", "agreement__title", "body__name", "body__slug", "body__kind")
        .order_by("agreement_id", "body__name", "pk")
    )
    memberships = (
        Membership.objects.visible()
        .filter(left_year__isnull=True)
        .select_related("body", "member")
        .only("body__name", "body__slug", "body__kind",
              "member__name", "member__slug", "member__kind")
        .order_by("pk")
    )  # fmt: skip
    nodes, links = {}, _Links()

    def node(body):
        return nodes.setdefault(body.pk, _node(body))

    by_agreement = defaultdict(list)
    for party in parties:
        by_agreement[party.agreement_id].append(party)
    for group in by_agreement.values():
        title = group[0].agreement.title
        leads = [p for p in group if p.role == PartyRole.LEAD]
        for party in group:
            others = leads if leads and party.role != PartyRole.LEAD else group
            for other in others:
                links.add(node(party.body), node(other.body), title)
    for membership in memberships:
        links.add(node(membership.member), node(membership.body), member=True)
    return _lay_out_region(list(nodes.values()), links.sorted())


def _lay_out_region(nodes, links) -> Network:
    towns = sorted((n for n in nodes if n.is_town), key=lambda n: (n.name.casefold(), n.pk))
    for index, town in enumerate(towns):
        _place(town, OUTER, 360 * index / len(towns))
    town_angles = defaultdict(list)
    for link in links:
        for one, other in ((link.a, link.b), (link.b, link.a)):
            if other.is_town and not one.is_town:
                town_angles[one.pk].append(other.angle)
    others = [n for n in nodes if not n.is_town]

    def barycentre(node):
        angles = town_angles.get(node.pk)
        if not angles:
            return 360.0
        # The mean direction of its towns, as an angle (a circular mean).
        x = sum(math.sin(math.radians(a)) for a in angles)
        y = sum(math.cos(math.radians(a)) for a in angles)
        return round(math.degrees(math.atan2(x, y)) % 360, 3)

    others.sort(key=lambda n: (barycentre(n), n.name.casefold(), n.pk))
    for index, node in enumerate(others):
        _place(node, INNER, 360 * index / len(others), outward=False)
        # Their names would pile up in the middle: a number here, the names in the key.
        node.number = index + 1
    return Network(nodes=towns + others, links=links)


def focused(body, partners, districts=(), members=()) -> Network:
    """One body and the bodies it shares with, from what its page has loaded: no query.

    `partners` are bodies with `shared` (the number of published agreements in common);
    `districts` the bodies it is a member of, `members` its own members."""
    centre = _node(body)
    centre.centre = True
    centre.outward = False
    links = _Links()
    around = {}
    for partner in partners:
        around.setdefault(partner.pk, _node(partner))
        links.add(around[partner.pk], centre, count=getattr(partner, "shared", 1))
    for district in districts:
        around.setdefault(district.pk, _node(district))
        links.add(centre, around[district.pk], member=True)
    for member in members:
        around.setdefault(member.pk, _node(member))
        links.add(around[member.pk], centre, member=True)
    ring = sorted(around.values(), key=lambda n: (n.name.casefold(), n.pk))
    for index, node in enumerate(ring):
        _place(node, FOCUS_RING, 360 * index / len(ring))
    return Network(nodes=[centre, *ring], links=links.sorted(), size=SIZE)
