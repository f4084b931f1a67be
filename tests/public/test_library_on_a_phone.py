"""The library on small screens, and the municipalities list's A–Z jump."""

import re

import pytest

from tests.factories import make_agreement, make_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("asked", "clean"),
    [
        ("?q=&category=building-inspection&year_from=&year_to=&has_documents=&sort=newest",
         "/agreements/?category=building-inspection&sort=newest"),
        ("?q=+&has_documents=", "/agreements/"),
        ("?page=&municipality=bolton&municipality=", "/agreements/?municipality=bolton"),
    ],
)  # fmt: skip
def test_empty_parameters_are_dropped_from_the_address(client, region, asked, clean):
    response = client.get(f"/agreements/{asked}")
    assert response.status_code == 302
    assert response.url == clean
    assert client.get(clean).status_code == 200


def test_a_clean_address_is_not_redirected(client, region):
    assert client.get("/agreements/?category=building-inspection&sort=title").status_code == 200


def test_filters_fold_into_a_disclosure_that_counts_the_active_filters(client, region):
    html = client.get(
        "/agreements/?category=building-inspection&municipality=bolton&q=decks"
    ).content.decode()
    panel = re.search(r'<details class="filter-panel" id="filter-panel"( open)?>', html)
    assert panel and not panel.group(1)  # closed in the HTML; CSS and JS open it on wide screens
    summary = re.search(r"<summary>(.*?)</summary>", html).group(1)
    assert re.sub(r"<[^>]+>", "", summary) == "Filter (3 active)"
    assert "js/library" in html and "Apply filters</button>" in html

    unfiltered = client.get("/agreements/").content.decode()
    assert "<summary>Filter</summary>" in unfiltered


def test_each_result_shows_years_lead_and_documents(client, region):
    html = client.get("/agreements/").content.decode()
    rows = {
        re.search(r'result-title"><a [^>]*>([^<]+)<', row).group(1): re.sub(
            r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r'result-meta">(.*?)</p>', row, re.S)[1])
        ).strip()
        for row in html.split('<li class="result">')[1:]
    }
    assert (
        rows["Bolton regional building inspection"] == "Active Since 2015 Lead: Bolton 1 document"
    )
    assert rows["Windsor and Bloomfield landfill"] == "Active Since 1990 Shared jointly, no lead"
    make_agreement("Undated sharing", parties=[])
    html = client.get("/agreements/?q=undated").content.decode()
    assert "Years not known" in html and "Lead not known" in html


def test_municipalities_are_listed_in_case_insensitive_order(client, db):
    for name in ["de Soto", "Avon", "Zeta", "bethany", "Canton"]:
        make_body(name)
    response = client.get("/municipalities/")
    assert [b.name for b in response.context["bodies"]] == [
        "Avon",
        "bethany",
        "Canton",
        "de Soto",
        "Zeta",
    ]


def test_the_a_to_z_jump_links_to_the_page_and_row_of_each_letter(client, db):
    for number in range(100):
        make_body(f"Avon district {number:03d}")
    make_body("bethany")
    make_body("Zeta")

    first = client.get("/municipalities/").content.decode()
    jump = re.search(r'<nav class="az" aria-label="Jump to a letter">(.*?)</nav>', first, re.S)[1]
    links = dict(
        (letter, href)
        for href, letter in re.findall(r'<a href="([^"]*)"><span [^>]+>[^<]+</span>(\w)</a>', jump)
    )
    assert links == {"A": "#letter-a", "B": "?page=2#letter-b", "Z": "?page=2#letter-z"}
    assert '<span class="az-none" aria-hidden="true">C</span>' in jump
    assert 'id="letter-a" tabindex="-1"' in first

    second = client.get("/municipalities/?page=2").content.decode()
    assert 'id="letter-b"' in second and 'id="letter-z"' in second
    jump = re.search(r'<nav class="az"(.*?)</nav>', second, re.S)[1]
    assert 'href="?page=1#letter-a"' in jump and 'href="#letter-b"' in jump


def test_the_a_to_z_jump_keeps_the_filters(client, db):
    for number in range(101):
        make_body(f"Avon district {number:03d}")
    make_body("Zeta")
    html = client.get("/municipalities/?kind=municipality").content.decode()
    assert 'href="?kind=municipality&amp;page=2#letter-z"' in html
