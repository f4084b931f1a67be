"""The sharing network: well-formed SVG drawn on the server, the same bytes for the same data,
names escaped, drafts and ended arrangements left out, and a text equivalent that says the same."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from region import network
from tests.factories import make_agreement, make_body, make_membership

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
LEAD, PARTNER, RECIPIENT = PartyRole.LEAD, PartyRole.PARTNER, PartyRole.RECIPIENT


@pytest.fixture
def region():
    towns = {name: make_body(name, slug=name.lower()) for name in ["Andover", "Bolton", "Coventry", "Hebron"]}  # fmt: skip
    district = make_body("Health District", slug="hd", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, towns["Andover"])
    make_membership(district, towns["Hebron"], left_year=2001)  # no longer a member
    make_agreement(
        "Inspection", parties=[(towns["Bolton"], LEAD), (towns["Andover"], RECIPIENT),
                               (towns["Coventry"], RECIPIENT)],
    )  # fmt: skip
    make_agreement(
        "Joint police", parties=[(towns["Coventry"], PARTNER), (towns["Hebron"], PARTNER)]
    )
    make_agreement("Old deal", parties=[towns["Bolton"], towns["Hebron"]],
                   status=AgreementStatus.ENDED)  # fmt: skip
    secret = make_body("Secret Town", slug="secret", published=False)
    make_agreement("Draft deal", parties=[towns["Andover"], towns["Hebron"]], published=False)
    make_agreement("Public deal", parties=[towns["Bolton"], secret])
    return towns


def svg_of(html):
    [svg] = re.findall(r"<svg\b.*?</svg>", html, re.S)
    return svg


def pairs(grid):
    return sorted(tuple(sorted((link.a.name, link.b.name))) + (link.words,) for link in grid.links)


def test_links_are_agreements_to_the_lead_partners_together_and_memberships(region):
    grid = network.regional()

    assert pairs(grid) == [
        ("Andover", "Bolton", "1 agreement"),
        ("Andover", "Health District", "member"),
        ("Bolton", "Coventry", "1 agreement"),
        ("Coventry", "Hebron", "1 agreement"),
    ]  # no link between two recipients, an ended deal, a former member or a draft
    assert sorted(node.name for node in grid.nodes) == [
        "Andover", "Bolton", "Coventry", "Health District", "Hebron",
    ]  # fmt: skip


def test_the_layout_is_documented_and_deterministic(region):
    grid = network.regional()
    towns = [node for node in grid.nodes if node.is_town]
    # Towns clockwise from the top, by name, evenly spaced.
    assert [(t.name, t.angle) for t in towns] == [
        ("Andover", 0), ("Bolton", 90), ("Coventry", 180), ("Hebron", 270),
    ]  # fmt: skip
    assert (towns[0].x, towns[0].y) == (0, -network.OUTER)
    [district] = [node for node in grid.nodes if not node.is_town]
    assert district.number == 1 and district.angle == 0  # beside its only town, Andover


def test_the_svg_is_well_formed_escaped_and_the_same_bytes_each_time(client, region):
    make_agreement("<b>Evil</b>", parties=[make_body('Town "<script>"'), region["Andover"]])
    first = client.get("/region/network/").content.decode()
    svg = svg_of(first)
    root = ET.fromstring(svg)
    # A group of links with a name, not an image: role="img" would hide the links.
    assert root.get("role") == "group" and root.get("aria-labelledby") == "network-title"
    names = {a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a")}
    assert 'Town "<script>"' in names
    assert "<script>" not in svg and "<b>Evil" not in svg
    assert svg_of(client.get("/region/network/").content.decode()) == svg
    # The file on its own is the same picture, as SVG.
    response = client.get("/region/network.svg")
    assert response["Content-Type"] == "image/svg+xml"
    standalone = ET.fromstring(response.content)
    assert len(list(standalone.iter(f"{SVG}line"))) == len(list(root.iter(f"{SVG}line")))


def test_the_text_equivalent_names_every_link(client, region):
    html = client.get("/region/network/").content.decode()
    lines = len(list(ET.fromstring(svg_of(html)).iter(f"{SVG}line")))
    [key_list] = re.findall(r'<ul class="network-list">(.*?)</ul>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", key_list, re.S)
    # Each link appears under both of its ends.
    assert sum(item.count("(") for item in items) == 2 * lines
    assert "Secret Town" not in html and "Draft deal" not in html
    assert (
        '<ol class="network-key"><li><a href="/municipalities/hd/">Health District</a></li></ol>'
        in html
    )


def test_a_towns_page_shows_the_picture_focused_on_it(client, region):
    html = client.get("/municipalities/coventry/").content.decode()
    root = ET.fromstring(svg_of(html))
    names = sorted(a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a"))
    assert names == ["Andover", "Bolton", "Coventry", "Hebron"]
    assert "Andover</a> (1 agreement)" in html
    district = client.get("/municipalities/hd/").content.decode()
    assert "Andover</a> (member)" in district


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow(client, region):
    small = count_queries(client, "/region/network/")
    district = make_body("Another District", kind=BodyKind.REGIONAL_AUTHORITY)
    for i in range(12):
        town = make_body(f"Net town {i}")
        make_membership(district, town)
        make_agreement(f"Net deal {i}", parties=[town, make_body(), region["Bolton"]])
    assert count_queries(client, "/region/network/") == small <= 4
