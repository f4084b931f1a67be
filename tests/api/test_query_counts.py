"""Each list costs the same queries for 2 rows as for 20, and each detail a few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import PartyRole
from municipalities.models import BodyKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_document,
    make_program,
    make_savings_claim,
    make_source,
    make_statute,
)

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10

LISTS = [
    "/api/v1/agreements/",
    "/api/v1/agreements/?q=inspection",
    "/api/v1/agreements/?category=shared-inspection&municipality=lead-town&sort=title",
    "/api/v1/bodies/",
    "/api/v1/bodies/?kind=municipality&member=yes",
    "/api/v1/categories/",
    "/api/v1/statutes/",
    "/api/v1/programs/",
]


@pytest.fixture
def shared(db):
    """What every agreement shares, so that the filtered lists grow with the data too."""
    return {
        "lead": make_body("Lead town", slug="lead-town"),
        "inspection": make_category("Shared inspection", slug="shared-inspection"),
    }


def add_rows(shared, count):
    """`count` rows of every kind, each with everything its JSON shows."""
    for _ in range(count):
        source = make_source()
        town = make_body(website="https://town.example.org")
        make_body(kind=BodyKind.SCHOOL_DISTRICT, parent=town).sources.add(source)
        category = make_category()
        statute = make_statute()
        statute.categories.set([category, shared["inspection"]])
        agreement = make_agreement(
            f"Inspection agreement {source.pk}",
            categories=[shared["inspection"], category],
            parties=[shared["lead"], town, (make_body(), PartyRole.PARTNER)],
            statutes=[statute],
        )
        make_document(agreement)
        make_savings_claim(agreement, source=source)
        program = make_program(administering_body=town)
        program.statutes.set([statute])
        make_contact(programs=[program])
        for item in (agreement, town, category, statute, program):
            item.sources.add(source, make_source())


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, url
    return len(context.captured_queries), response.json()["count"]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_2_and_20_rows(client, shared, url):
    add_rows(shared, 2)
    with_2, rows_2 = count_queries(client, url)
    add_rows(shared, 18)
    with_20, rows_20 = count_queries(client, url)
    assert rows_2 >= 2 and rows_20 >= 20
    assert with_20 == with_2, f"{with_2} queries for {rows_2} rows, {with_20} for {rows_20}"
    assert with_20 <= MAX_QUERIES


@pytest.mark.parametrize("kind", ["agreements", "bodies", "categories", "statutes", "programs"])
def test_a_detail_costs_a_few_queries(client, shared, kind):
    add_rows(shared, 2)
    url = client.get(f"/api/v1/{kind}/").json()["results"][0]["url"]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    assert len(context.captured_queries) <= MAX_QUERIES
