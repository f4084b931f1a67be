"""The API's lists take the library's filters and give what the library's pages show."""

import pytest

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_document,
    make_statute,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    """Twenty-five published agreements over two library pages, with ties and unknown years."""
    inspection = make_category("Building inspection", slug="building-inspection")
    waste = make_category("Waste management", slug="waste-management")
    bolton, andover = make_body("Bolton", slug="bolton"), make_body("Andover", slug="andover")
    district = make_body("Health district", kind=BodyKind.REGIONAL_AUTHORITY, member=False)
    make_body("Tolland", slug="tolland", member=False)
    statute = make_statute("CGS § 7-148cc", slug="cgs-7-148cc")
    statuses = [AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.UNKNOWN]
    for number in range(25):
        agreement = make_agreement(
            f"{'Inspection' if number % 3 else 'Landfill'} agreement {number:02d}",
            categories=[inspection if number % 3 else waste],
            parties=[(bolton if number % 2 else district, PartyRole.LEAD),
                     (andover, PartyRole.RECIPIENT)],
            statutes=[statute] if number % 4 == 0 else [],
            status=statuses[number % 3],
            start_year=None if number % 5 == 0 else 1990 + number % 7,
            summary="Inspectors cross town lines." if number % 3 else "Trash goes to Windsor.",
        )  # fmt: skip
        if number % 6 == 0:
            make_document(agreement)
    make_agreement("Draft inspection agreement", categories=[inspection], published=False)


def library_slugs(client, path, query):
    """Every slug the site's list shows for `query`, page after page, in its order."""
    slugs, page = [], 1
    while True:
        response = client.get(
            path, QUERY_STRING=f"{query}&page={page}" if query else f"page={page}"
        )
        assert response.status_code == 200, (path, query)
        slugs += [item.slug for item in response.context["object_list"]]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def api_slugs(client, path, query):
    """Every slug the API lists for `query`, following `next` with small pages."""
    slugs, url = [], f"{path}?{query}&page_size=7"
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        slugs += [item["slug"] for item in response.json()["results"]]
        url = response.json()["next"]
    return slugs


AGREEMENT_QUERIES = [
    "",
    "sort=title",
    "sort=oldest",
    "category=building-inspection",
    "category=building-inspection&category=waste-management&sort=title",
    "municipality=bolton&status=active",
    "kind=regional_authority",
    "statute=cgs-7-148cc",
    "year_from=1992&year_to=1995",
    "has_documents=yes",
    "has_documents=no&sort=oldest",
    "q=inspection",
    "q=inspection&sort=title",
    "q=landfill+OR+inspectors&status=expired",
    "q=trash+-windsor",
]


@pytest.mark.parametrize("query", AGREEMENT_QUERIES)
def test_agreements_are_the_librarys_for_the_same_query(client, library, query):
    expected = library_slugs(client, "/agreements/", query)
    assert api_slugs(client, "/api/v1/agreements/", query) == expected


@pytest.mark.parametrize("query", ["", "kind=municipality", "member=no", "q=bolton", "kind=cog"])
def test_bodies_are_the_municipality_lists_for_the_same_query(client, library, query):
    expected = library_slugs(client, "/municipalities/", query)
    assert api_slugs(client, "/api/v1/bodies/", query) == expected


def test_a_search_is_ranked_and_its_pages_do_not_overlap(client, library):
    slugs = api_slugs(client, "/api/v1/agreements/", "q=inspection")
    assert len(slugs) == len(set(slugs)) == 16  # every inspection agreement, once


def test_an_unknown_slug_matches_nothing(client, library):
    response = client.get("/api/v1/agreements/?category=no-such-service")
    assert response.json()["count"] == 0
