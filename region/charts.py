"""Pictures drawn on the server as SVG: a service's coverage of the member towns.

Every bar carries its label and its number as text, so colour is never the only carrier of
meaning; the page puts the same figures in a table beside the picture. The geometry is plain
arithmetic on the counts, so the same data always gives the same bytes.
"""

from dataclasses import dataclass

from region import matrix
from region.answers import Way

# The chart's coordinate space; the browser scales it to the column's width (at most 28em, at
# least a phone's 320 px, where text stays above 12 px). Each row: its label, then its bar.
WIDTH = 360
BAR_MAX = 250
ROW_HEIGHT = 50
LABEL_HEIGHT = 20
BAR_HEIGHT = 18

WAY_LABELS = {
    Way.LEADS: "Lead it for others",
    Way.PARTNER: "Share it as partners",
    Way.RECEIVES: "Receive it from a lead",
    Way.MEMBER: "Get it through a district",
}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    total: int
    y: int
    width: int
    emphasis: bool = False

    @property
    def text(self) -> str:
        return f"{self.count} of {self.total}"

    @property
    def label_y(self) -> int:
        return self.y + LABEL_HEIGHT - 4

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT

    @property
    def value_x(self) -> int:
        return self.width + 8

    @property
    def value_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 4


@dataclass(frozen=True)
class Coverage:
    category: object
    members: int  # member towns of the council
    taking_part: int
    bars: tuple

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 6

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def coverage(category, towns) -> Coverage:
    """How many of the council's member towns take part in sharing `category`, and how.
    `towns` are the published towns the page has loaded; two queries."""
    grid = matrix.build(members_only=True, towns=towns, categories=[category], agreements=False)
    cells = [row.cells[0] for row in grid.rows]
    members = len(cells)
    taking_part = sum(1 for cell in cells if cell)
    counts = [("Take part in sharing it", taking_part, True)]
    counts += [(label, sum(way in cell.ways for cell in cells), False)
               for way, label in WAY_LABELS.items()]  # fmt: skip
    counts.append(("No arrangement recorded", members - taking_part, False))
    bars = tuple(
        Bar(
            label=label,
            count=count,
            total=members,
            y=index * ROW_HEIGHT + 2,
            width=round(BAR_MAX * count / members) if members else 0,
            emphasis=emphasis,
        )
        for index, (label, count, emphasis) in enumerate(counts)
    )
    return Coverage(category=category, members=members, taking_part=taking_part, bars=bars)
