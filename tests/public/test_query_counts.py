"""Every public page costs the same few queries with 5 agreements as with 50."""

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
    make_membership,
    make_page,
    make_program,
    make_resource,
    make_savings_claim,
    make_source,
    make_statute,
)

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10

PAGES = [
    "/",
    "/services/",
    "/services/shared-inspection/",
    "/agreements/",
    "/agreements/?category=shared-inspection&municipality=lead-town&sort=title",
    "/agreements/?q=inspection&kind=municipality&status=active&has_documents=yes",
    "/agreements/the-first-agreement/",
    "/agreements/compare/?a=the-first-agreement",
    "/agreements/filters/municipality/?category=shared-inspection&find=town",
    "/partners/?service=shared-inspection&town=lead-town",
    "/towns/lead-town/services/shared-inspection/",
    "/towns/",
    "/region/",
    "/region/savings/",
    "/region/network/",
    "/region/?kind=community&members=on&sort=-town",
    "/agreements/draft/?from=the-first-agreement",
    "/municipalities/",
    "/municipalities/?kind=municipality&member=yes",
    "/municipalities/lead-town/",
    "/municipalities/health-district/",
    "/statutes/",
    "/statutes/cgs-7-148cc/",
    "/programs/",
    "/programs/rpip/",
    "/about/intro/",
    "/search/?q=inspection",
    "/search/?q=town",
    "/sitemap.xml",
    "/sitemap-agreements.xml",
]


@pytest.fixture
def shared(db):
    """What the agreements share: categories, bodies, a statute, a program with contacts."""
    for _ in range(3):
        make_resource()
    program = make_program("Regional program", slug="rpip")
    for _ in range(3):
        make_contact(programs=[program])
    make_page("Intro", slug="intro").sources.add(make_source())
    return {
        "inspection": make_category("Shared inspection", slug="shared-inspection"),
        "others": [make_category() for _ in range(3)],
        "lead": make_body("Lead town", slug="lead-town"),
        "district": make_body(
            "Health district", slug="health-district", kind=BodyKind.REGIONAL_AUTHORITY
        ),
        "towns": [make_body() for _ in range(6)],
        "statute": make_statute("CGS § 7-148cc"),
        "program": program,
    }


def add_agreements(shared, count, start=0):
    """Agreements with everything a page shows, and as many more sources, members and contacts."""
    towns = shared["towns"]
    for number in range(start, start + count):
        source = make_source()
        for item in (shared["lead"], shared["district"], shared["statute"], shared["inspection"],
                     shared["program"]):  # fmt: skip
            item.sources.add(source)
        make_membership(shared["district"], make_body())
        make_contact(programs=[shared["program"]]).sources.add(source)
        agreement = make_agreement(
            "The first agreement" if number == 0 else None,
            categories=[shared["inspection"], shared["others"][number % 3]],
            parties=[
                shared["lead"],
                towns[number % 6],
                (towns[(number + 1) % 6], PartyRole.PARTNER),
            ],
            statutes=[shared["statute"]],
            summary="Towns share an inspection office.",
        )
        make_document(agreement)
        make_savings_claim(agreement, source=source)
        agreement.sources.add(source, make_source())
        if number == 0:
            shared["lead"].member_of.create(body=shared["district"])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_does_not_grow_with_the_data(client, shared, url):
    add_agreements(shared, 5)
    with_5 = count_queries(client, url)
    add_agreements(shared, 45, start=5)
    with_50 = count_queries(client, url)
    print(f"{url}: {with_50} queries")
    assert with_50 == with_5, f"{with_5} queries with 5 agreements, {with_50} with 50"
    assert with_50 <= MAX_QUERIES
