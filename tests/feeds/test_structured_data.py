"""schema.org JSON-LD on agreement, body, statute and program pages (feeds.structured_data)."""

import pytest

from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_program,
    make_statute,
)
from tests.feeds.conftest import json_ld

pytestmark = pytest.mark.django_db

DRAFT_NAMES = ("Hiddenville", "Secret category", "Draft statute", "Draft body")


def assert_no_draft_names(response):
    for name in DRAFT_NAMES:
        assert name.encode() not in response.content.split(b"</head>")[0], name


def test_agreement_is_a_creative_work_with_its_published_parts(client, catalogue):
    draft_statute = make_statute("CGS § 9-999", title="Draft statute", published=False)
    statute = make_statute("CGS § 7-148cc", title="Joint performance")
    catalogue["inspection_agreement"].statutes.set([statute, draft_statute])
    response = client.get("/agreements/bolton-building-inspection/")
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Bolton building inspection"
    assert data["url"] == "http://testserver/agreements/bolton-building-inspection/"
    assert data["creativeWorkStatus"] == "Ended"
    assert data["temporalCoverage"] == "2015/2020"
    assert data["description"] == "Bolton inspects decks & additions."
    assert [c["name"] for c in data["about"]] == ["Building inspection"]
    assert [p["name"] for p in data["contributor"]] == ["Bolton", "Andover"]
    assert [s["name"] for s in data["citation"]] == ["CGS § 7-148cc"]
    assert_no_draft_names(response)


def test_unknown_facts_are_left_out(client, db):
    make_agreement("Bare", status="unknown", categories=[], parties=[])
    data = json_ld(client.get("/agreements/bare/"))
    for key in ("creativeWorkStatus", "temporalCoverage", "description", "about", "contributor"):
        assert key not in data


def test_open_ended_term_is_an_open_interval(client, db):
    make_agreement("Open", start_date="2015-07-01")
    assert json_ld(client.get("/agreements/open/"))["temporalCoverage"] == "2015-07-01/.."


def test_script_end_tag_in_a_title_cannot_close_the_data_block(client, db):
    title = "Evil </script><script>alert(1)</script> & co"
    make_agreement(title, slug="evil")
    response = client.get("/agreements/evil/")
    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(response)["name"] == title


def test_body_is_a_government_organization_in_connecticut(client, db):
    town = make_body("Mansfield", website="https://www.mansfieldct.gov/")
    make_body("Mansfield schools", kind="school_district", member=False, parent=town)
    draft_town = make_body("Draft body", published=False)
    make_body("Draft schools", kind="school_district", parent=draft_town)
    data = json_ld(client.get("/municipalities/mansfield-schools/"))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Mansfield schools"
    assert data["url"] == "http://testserver/municipalities/mansfield-schools/"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressRegion": "CT",
        "addressCountry": "US",
    }
    assert data["parentOrganization"]["name"] == "Mansfield"
    assert json_ld(client.get("/municipalities/mansfield/"))["sameAs"] == [
        "https://www.mansfieldct.gov/"
    ]
    response = client.get("/municipalities/draft-schools/")
    assert "parentOrganization" not in json_ld(response)
    assert_no_draft_names(response)


def test_statute_is_legislation_identified_by_its_citation(client, db):
    statute = make_statute(
        "CGS § 7-148cc", title="Joint performance", chapter="98", summary="Towns **may** share."
    )
    statute.categories.set(
        [make_category("Policing"), make_category("Secret category", published=False)]
    )
    response = client.get("/statutes/cgs-7-148cc/")
    data = json_ld(response)
    assert data["@type"] == "Legislation"
    assert data["name"] == "Joint performance"
    assert data["legislationIdentifier"] == "CGS § 7-148cc"
    assert data["url"] == "https://www.cga.ct.gov/current/pub/chap_098.htm#sec_7-148cc"
    assert data["mainEntityOfPage"] == "http://testserver/statutes/cgs-7-148cc/"
    assert data["description"] == "Towns may share."
    assert [c["name"] for c in data["about"]] == ["Policing"]
    assert_no_draft_names(response)


def test_statute_without_official_text_points_at_its_page(client, db):
    make_statute("", title="An unverified law", slug="unverified")
    data = json_ld(client.get("/statutes/unverified/"))
    assert data["url"] == "http://testserver/statutes/unverified/"
    assert "legislationIdentifier" not in data


def test_program_is_a_government_service_of_its_administering_body(client, db):
    office = make_body("Office of Policy and Management", kind="state_agency", member=False)
    make_program(
        "Regional Performance Incentive Program",
        acronym="RPIP",
        slug="rpip",
        administering_body=office,
        summary="Grants for sharing.",
    )
    data = json_ld(client.get("/programs/rpip/"))
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Regional Performance Incentive Program"
    assert data["alternateName"] == "RPIP"
    assert data["description"] == "Grants for sharing."
    assert data["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "Office of Policy and Management",
        "url": "http://testserver/municipalities/office-of-policy-and-management/",
    }


def test_program_of_a_draft_body_names_no_provider(client, db):
    make_program("Quiet program", administering_body=make_body("Draft body", published=False))
    response = client.get("/programs/quiet-program/")
    assert "provider" not in json_ld(response)
    assert_no_draft_names(response)
