"""The parties checklist, grouped by kind: towns shown, every other kind in a disclosure."""

import re

import pytest

from municipalities.models import BodyKind
from tests.drafting.conftest import DRAFT_URL, form_data
from tests.factories import make_agreement, make_body

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12  # as tests/public/test_query_counts.py


@pytest.fixture
def bodies(towns):
    return {
        "school": make_body("Tolland Board of Education", kind=BodyKind.SCHOOL_DISTRICT),
        "district": make_body(
            "Regional School District 19", kind=BodyKind.REGIONAL_SCHOOL_DISTRICT
        ),
        "health": make_body("Eastern Highlands Health District", kind=BodyKind.REGIONAL_AUTHORITY),
        "cog": make_body("Capitol Region COG", kind=BodyKind.COG),
        "resc": make_body("CREC", kind=BodyKind.RESC),
    }


def _details(html):
    """{summary text: (is open, the HTML inside)} of every disclosure in the checklist."""
    found = re.findall(
        r"<details class=\"party-group\"( open)?>\s*<summary>(.*?)</summary>(.*?)</details>",
        html,
        re.S,
    )
    return {summary: (bool(is_open), inside) for is_open, summary, inside in found}


def test_municipalities_come_first_in_their_own_group_always_shown(client, bodies):
    html = client.get(DRAFT_URL).content.decode()

    assert "<legend>Municipalities (3)</legend>" in html
    first = html.index('id="id_parties_0"')
    assert html.index("Municipalities (3)") < first < html.index("<details")
    assert 'value="ellington" id="id_parties_0"' in html  # by name within the group


def test_every_other_kind_is_a_closed_disclosure_naming_it_and_its_count(client, bodies):
    groups = _details(client.get(DRAFT_URL).content.decode())

    assert set(groups) == {
        "Boards of education and school districts (1)",
        "Regional school districts (1)",
        "Regional districts and authorities (1)",
        "Councils of governments and regional education service centers (2)",
    }
    assert not any(is_open for is_open, _ in groups.values())
    inside = groups["Councils of governments and regional education service centers (2)"][1]
    assert "Capitol Region COG" in inside and "CREC" in inside and "<legend" in inside


def test_a_group_with_a_ticked_box_starts_open(client, towns, bodies, service):
    data = form_data(service, [towns[0], bodies["school"]], term_years="")

    groups = _details(client.post(DRAFT_URL, data).content.decode())

    assert groups["Boards of education and school districts (1)"][0] is True
    assert groups["Regional school districts (1)"][0] is False


def test_a_prefilled_party_of_another_kind_opens_its_group(client, towns, bodies, service):
    agreement = make_agreement("Shared nursing", parties=[towns[0], bodies["health"]])

    html = client.get(DRAFT_URL, {"from": agreement.slug}).content.decode()

    assert _details(html)["Regional districts and authorities (1)"][0] is True


def test_the_error_summary_links_to_a_box_that_is_shown(client, bodies, service):
    html = client.post(DRAFT_URL, form_data(service, [])).content.decode()

    assert 'href="#id_parties_0"' in html
    assert 'value="ellington" id="id_parties_0"' in html  # in the group always shown


def test_without_municipalities_the_error_opens_the_group_it_links_to(client, service):
    make_body("Only Authority", kind=BodyKind.REGIONAL_AUTHORITY)

    html = client.post(DRAFT_URL, form_data(service, [])).content.decode()

    assert _details(html)["Regional districts and authorities (1)"][0] is True


def test_every_fieldset_has_a_legend(client, bodies):
    html = client.get(DRAFT_URL).content.decode()

    assert html.count("<fieldset") == html.count("<legend")


@pytest.mark.parametrize("per_kind", [1, 12])
def test_the_grouped_form_costs_a_few_queries_whatever_the_number_of_bodies(
    client, django_assert_max_num_queries, per_kind
):
    for kind in BodyKind.values:
        for _ in range(per_kind):
            make_body(kind=kind)

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(DRAFT_URL).status_code == 200
