"""Long facets: the library shows the top 15 choices and links to a page of all of them."""

import re

import pytest
from django.core.exceptions import ValidationError

from agreements.models import validate_not_reserved
from tests.factories import make_agreement, make_body, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    """20 towns; town 01 takes part in 20 agreements, town 02 in 19, ... town 20 in one."""
    service = make_category("Building inspection", slug="inspection")
    other = make_category("Animal control", slug="animal")
    bodies = [make_body(f"Town {n:02d}", slug=f"town-{n:02d}") for n in range(1, 21)]
    for number in range(20):
        make_agreement(
            f"Agreement {number:02d}", parties=bodies[: number + 1],
            categories=[service if number % 2 else other],
        )  # fmt: skip
    make_body("Secret town", slug="secret-town", published=False)
    return bodies


def municipality_boxes(html):
    return re.findall(r'name="municipality" value="([^"]+)"', html)


def test_the_library_shows_the_15_busiest_towns_and_links_to_all_20(client, towns):
    html = client.get("/agreements/").content.decode()

    assert municipality_boxes(html) == [f"town-{n:02d}" for n in range(1, 16)]  # in name order
    assert 'href="/agreements/filters/municipality/">Show all 20<' in html


def test_a_ticked_town_beyond_the_top_15_stays_shown(client, towns):
    html = client.get("/agreements/?municipality=town-20&sort=title").content.decode()

    # Under town-20's filter every town has one agreement: the first 15 by name, and town 20.
    assert municipality_boxes(html)[-1] == "town-20"
    assert 'href="/agreements/filters/municipality/?municipality=town-20&amp;sort=title"' in html


def test_the_facet_page_lists_every_town_with_counts_and_keeps_the_other_filters(client, towns):
    response = client.get(
        "/agreements/filters/municipality/?category=inspection&municipality=town-03"
    )
    html = response.content.decode()

    assert response.status_code == 200
    # Under the inspection filter, town 01 has the 10 odd-numbered agreements, town 20 none.
    assert re.search(r"Town 01 <span class=\"count\">\(10\)</span>", html)
    assert re.search(r"Town 20 <span class=\"count\">\(1\)</span>", html)
    assert "Secret town" not in html
    applying = html.split('class="facet-all"', 1)[1]
    assert '<input type="hidden" name="category" value="inspection">' in applying
    assert re.search(r'value="town-03" id="[^"]+" checked', applying)
    assert 'action="/agreements/"' in html.split('class="facet-all"', 1)[0].rsplit("<form", 1)[1]


def test_find_narrows_the_list_and_keeps_hidden_ticks(client, towns):
    html = client.get(
        "/agreements/filters/municipality/?find=1&municipality=town-02"
    ).content.decode()
    applying = html.split('class="facet-all"', 1)[1]

    assert municipality_boxes(applying.split("<fieldset", 1)[1]) == [
        "town-01", "town-10", "town-11", "town-12", "town-13", "town-14", "town-15", "town-16",
        "town-17", "town-18", "town-19",
    ]  # fmt: skip
    # town-02 is ticked but not shown: it is sent again, hidden, so applying keeps it.
    assert '<input type="hidden" name="municipality" value="town-02">' in applying


@pytest.mark.parametrize("name", ["kind", "status", "nothing", "has_documents"])
def test_only_long_facets_have_a_page(client, towns, name):
    assert client.get(f"/agreements/filters/{name}/").status_code == 404


def test_filters_is_not_an_agreements_slug():
    with pytest.raises(ValidationError, match="address of one of the portal's tools"):
        validate_not_reserved("filters")
