"""Each list links to its exports with the filters it shows, so a download is what one sees."""

import re
from html import unescape

import pytest

from tests.exports.conftest import csv_records, listed_titles

pytestmark = pytest.mark.django_db


def export_links(response):
    html = response.content.decode()
    block = re.search(r'<p class="hint export-links">(.*?)</p>', html, re.S)
    assert block, "no download links"
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', block.group(1))]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("/agreements/", "agreements"),
        ("/municipalities/", "municipalities"),
        ("/services/", "services"),
        ("/statutes/", "statutes"),
        ("/programs/", "programs"),
    ],
)
def test_every_list_links_to_its_csv_and_json(client, db, page, kind):
    assert export_links(client.get(page)) == [f"/{kind}/export.csv", f"/{kind}/export.json"]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("/agreements/", "category=building-inspection&category=waste-management&sort=title"),
        ("/agreements/", "q=inspection&status=active"),
        ("/municipalities/", "kind=municipality&member=yes"),
    ],
)
def test_links_carry_the_filters_but_not_the_page_number(client, library, page, query):
    response = client.get(page, QUERY_STRING=f"{query}&page=1")
    assert response.status_code == 200
    assert export_links(response) == [
        f"{page}export.csv?{query}",
        f"{page}export.json?{query}",
    ]


def test_a_link_downloads_what_the_page_shows(client, library):
    query = "category=building-inspection&municipality=bolton&sort=title&page=2"
    response = client.get("/agreements/", QUERY_STRING=query)
    csv_link = export_links(response)[0]
    shown = listed_titles(client, "/agreements/", query.removesuffix("&page=2"))
    assert [row["title"] for row in csv_records(client, csv_link)] == shown
