"""The coverage chart and the savings summaries: SVG that parses, the same bytes for the same
data, names escaped, and sums that are split by kind and period and match the claims."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from agreements.models import SavingsKind, SavingsPeriod
from municipalities.models import BodyKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_membership,
    make_savings_claim,
    make_source,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html):
    [svg] = re.findall(r"<svg\b.*?</svg>", html, re.S)
    return svg


@pytest.fixture
def health():
    category = make_category('Public <health> & "safety"', slug="public-health")
    towns = [make_body(f"Member {i}", slug=f"member-{i}") for i in range(4)]
    make_body("Outsider", slug="outsider", member=False)
    district = make_body("District", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, towns[0])
    make_membership(district, towns[1])
    make_agreement("District", categories=[category], parties=[district])
    make_agreement("Pair", categories=[category], parties=[towns[1], towns[2]])
    make_agreement("Draft", categories=[category], parties=[towns[3]], published=False)
    return category


def test_the_coverage_chart_counts_member_towns_and_how_they_take_part(client, health):
    response = client.get("/services/public-health/")
    coverage = response.context["coverage"]

    assert coverage.members == 4  # the outsider is not a member
    assert coverage.taking_part == 3  # the draft's town is not counted
    assert [(bar.label, bar.count) for bar in coverage.bars] == [
        ("Take part in sharing it", 3),
        ("Lead it for others", 1),
        ("Share it as partners", 0),
        ("Receive it from a lead", 1),
        ("Get it through a district", 2),
        ("No arrangement recorded", 1),
    ]


def test_the_svg_parses_escapes_names_and_is_deterministic(client, health):
    first = client.get("/services/public-health/").content.decode()
    svg = svg_of(first)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title").text
    assert title == 'Public <health> & "safety": member towns taking part in sharing'
    texts = [t.text for t in root.iter(f"{SVG}text")]
    # Every bar's label and number are text, not colour alone.
    assert "Take part in sharing it" in texts and "3 of 4" in texts
    assert "<health>" not in svg  # escaped in the markup
    # The same data, the same bytes; and a figure's table says the same.
    assert svg_of(client.get("/services/public-health/").content.decode()) == svg
    assert "The same figures as a table" in first


def test_savings_are_split_by_kind_and_period_and_match_the_claims(client, health):
    source = make_source(url="https://example.org/news")
    district, pair = (make_agreement(t, categories=[health], parties=[make_body()]) for t in "AB")
    for agreement in (district, pair):
        agreement.sources.add(source)
    make_savings_claim(district, 1000, kind=SavingsKind.PROJECTED, source=source)
    make_savings_claim(pair, 2500, kind=SavingsKind.PROJECTED, source=source)
    make_savings_claim(pair, 400, kind=SavingsKind.AUDITED, source=source)
    make_savings_claim(
        pair, 9999, kind=SavingsKind.PROJECTED, period=SavingsPeriod.ONCE, source=source
    )
    draft = make_agreement("Secret", categories=[health], parties=[make_body()], published=False)
    draft.sources.add(source)
    make_savings_claim(draft, 77777, kind=SavingsKind.AUDITED, source=source)

    response = client.get("/services/public-health/")
    savings = response.context["savings"]

    assert [(t.kind, t.period, t.amount, t.claims) for t in savings.totals] == [
        ("projected", "year", Decimal(3500), 2),
        ("projected", "once", Decimal(9999), 1),
        ("audited", "year", Decimal(400), 1),
    ]
    assert sum(t.amount for t in savings.totals) == sum(c.amount for c in savings.claims)
    assert savings.agreement_total == 4  # District, Pair, A, B
    assert savings.agreements_without == 2
    html = response.content.decode()
    assert "77,777" not in html and "Secret" not in html
    assert "never added into one total" in html
    assert html.count('href="https://example.org/news"') == 4  # every claim's source

    region = client.get("/region/savings/")
    assert region.status_code == 200
    assert [t.amount for t in region.context["savings"].totals] == [3500, 9999, 400]


def test_no_savings_is_said_plainly(client, health):
    html = client.get("/services/public-health/").content.decode()
    assert "None of the 2 agreements here report a saving in its sources" in html
    assert "not known, not zero" in html
