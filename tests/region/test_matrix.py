"""The town × service matrix at /region/ and its CSV: published, current arrangements only."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from services.models import ServiceKind
from tests.factories import make_agreement, make_body, make_category, make_membership

pytestmark = pytest.mark.django_db

LEAD, PARTNER, RECIPIENT = PartyRole.LEAD, PartyRole.PARTNER, PartyRole.RECIPIENT


@pytest.fixture
def region():
    towns = {
        name: make_body(name, slug=name.lower(), member=name != "Ashford")
        for name in ["Andover", "Ashford", "Bolton", "Coventry"]
    }
    inspection = make_category(
        "Building inspection", slug="building-inspection", kind=ServiceKind.ADMINISTRATIVE
    )
    health = make_category("Public health", slug="public-health", kind=ServiceKind.COMMUNITY)
    make_agreement(
        "Inspection", categories=[inspection],
        parties=[(towns["Bolton"], LEAD), (towns["Andover"], RECIPIENT), (towns["Ashford"], RECIPIENT)],
    )  # fmt: skip
    district = make_body("Health District", slug="hd", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, towns["Andover"])
    make_membership(district, towns["Bolton"])
    make_membership(district, towns["Coventry"], left_year=2010)
    make_agreement(
        "Health district", categories=[health],
        parties=[(district, LEAD), (towns["Andover"], PARTNER)],
    )  # fmt: skip
    # Neither an ended agreement nor a draft shows.
    make_agreement(
        "Old health deal", categories=[health], parties=[towns["Coventry"]],
        status=AgreementStatus.ENDED,
    )  # fmt: skip
    make_agreement("Draft deal", categories=[inspection], parties=[towns["Coventry"]],
                   published=False)  # fmt: skip
    make_body("Draft Town", slug="draft-town", published=False)
    make_category("Draft service", slug="draft-service", published=False)
    return towns


def download(client, query=""):
    response = client.get(f"/region/matrix.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_cells_say_how_each_town_gets_each_service(client, region):
    assert download(client) == [
        ["town", "building-inspection", "public-health", "services_shared"],
        ["andover", "receives", "partner; district member", "2"],
        ["ashford", "receives", "", "1"],
        ["bolton", "leads", "district member", "2"],
        ["coventry", "", "", "0"],  # a former member, an ended deal and a draft: nothing
    ]


def test_filters_and_order(client, region):
    rows = download(client, "?kind=administrative&members=on&sort=-town")
    assert rows == [
        ["town", "building-inspection", "services_shared"],
        ["coventry", "", "0"],
        ["bolton", "leads", "1"],
        ["andover", "receives", "1"],
    ]


def test_the_page_is_an_accessible_table_with_totals(client, region):
    response = client.get("/region/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and '<th scope="col">Town</th>' in html
    assert '<th scope="row"><a href="/municipalities/andover/">Andover</a></th>' in html
    assert 'href="/towns/andover/services/public-health/"' in html
    for secret in ("Draft Town", "Draft service", "Draft deal"):
        assert secret not in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Public health : 2 towns share it through 1 agreement; 1 regional district" in text
    assert "Building inspection : 3 towns share it through 1 agreement." in text
    # The CSV link carries the page's filters.
    filtered = client.get("/region/?kind=community&members=on").content.decode()
    assert 'href="/region/matrix.csv?kind=community&amp;members=on"' in filtered


def test_bad_filters_are_explained(client, region):
    response = client.get("/region/?kind=nonsense&sort=sideways")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a kind from the list." in html
    assert "Choose A to Z or Z to A." in html
    assert client.get("/region/matrix.csv?kind=nonsense").status_code == 400


def test_cells_are_spreadsheet_safe(client):
    town = make_body("Town", slug="town")
    make_agreement("Deal", categories=[make_category("=cmd", slug="cmd")], parties=[town])
    rows = download(client)
    assert rows[0] == ["town", "cmd", "services_shared"]
    assert rows[1] == ["town", "leads", "1"]
    html = client.get("/region/").content.decode()
    assert "=cmd" in html  # shown as text on the page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_towns_and_agreements(client, region):
    small = count_queries(client, "/region/")
    district = make_body("Another District", kind=BodyKind.REGIONAL_AUTHORITY)
    for i in range(15):
        town = make_body(f"Matrix town {i}")
        make_membership(district, town)
        make_agreement(f"Deal {i}", categories=[make_category()], parties=[town, make_body()])
    make_agreement("District deal", parties=[district])
    assert count_queries(client, "/region/") == small
    assert small <= 10
