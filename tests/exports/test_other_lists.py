"""The municipalities, services, statutes and programs exports: what each list shows, no draft."""

import pytest

from municipalities.models import BodyKind
from services.models import ServiceKind
from tests.exports.conftest import csv_records, json_records, listed_titles
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_program,
    make_statute,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(db):
    # More than a page of 100, with names whose case would sort them apart on SQLite by byte.
    towns = [make_body(f"Town {number:03d}") for number in range(101)]
    make_body("de Soto", slug="de-soto", member=False)
    make_body("Hidden town", published=False)
    make_body("Avon schools", kind=BodyKind.SCHOOL_DISTRICT, member=False, parent=towns[0])
    return towns


@pytest.mark.parametrize("query", ["", "kind=municipality", "member=no", "q=soto", "kind=bogus"])
def test_bodies_export_lists_what_the_municipalities_page_shows(client, bodies, query):
    shown = listed_titles(client, "/municipalities/", query)
    assert [row["name"] for row in csv_records(client, f"/municipalities/export.csv?{query}")] == (
        shown
    )


def test_bodies_export_hides_drafts_and_a_draft_parent(client, db):
    draft_town = make_body("Draft town", published=False)
    make_body("Draft town schools", kind=BodyKind.SCHOOL_DISTRICT, parent=draft_town)
    town = make_body("Avon", slug="avon")
    make_body("Avon schools", kind=BodyKind.SCHOOL_DISTRICT, member=False, parent=town)
    make_agreement(parties=[town])
    make_agreement(parties=[town], published=False)
    rows = {row["name"]: row for row in csv_records(client, "/municipalities/export.csv")}
    assert set(rows) == {"Avon", "Avon schools", "Draft town schools"}
    assert rows["Draft town schools"]["parent"] == ""
    assert rows["Avon schools"]["parent"] == "avon"
    assert rows["Avon"]["cog_member"] == "yes" and rows["Avon schools"]["cog_member"] == "no"
    assert rows["Avon"]["agreements"] == "1"
    (avon,) = [
        r for r in json_records(client, "/municipalities/export.json") if r["slug"] == "avon"
    ]
    assert avon["cog_member"] is True and avon["agreements"] == 1


def test_services_export_follows_the_page_groups_and_hides_drafts(client, db):
    make_category("Animal control", order=2)
    make_category("Finance", kind=ServiceKind.ADMINISTRATIVE, order=5)
    make_category("Assessment", kind=ServiceKind.ADMINISTRATIVE, order=5)
    make_category("Building inspection", order=1)
    make_category("Secret service", published=False)
    names = [row["name"] for row in csv_records(client, "/services/export.csv")]
    assert names == ["Assessment", "Finance", "Building inspection", "Animal control"]


def test_services_export_counts_published_agreements(client, db):
    category = make_category("Animal control", slug="animal-control")
    make_agreement(categories=[category])
    make_agreement(categories=[category], published=False)
    (row,) = csv_records(client, "/services/export.csv")
    assert row["agreements"] == "1"
    assert row["page_url"] == "http://testserver/services/animal-control/"


def test_statutes_export_lists_what_the_page_shows_without_draft_categories(client, db):
    category = make_category("Animal control", slug="animal-control")
    secret = make_category("Secret", slug="secret", published=False)
    make_statute("CGS § 7-148cc", order=2).categories.set([category, secret])
    make_statute("CGS § 7-339a", order=1)
    make_statute("CGS § 9-999", published=False)
    rows = csv_records(client, "/statutes/export.csv")
    page = client.get("/statutes/")
    assert [row["citation"] for row in rows] == [s.citation for s in page.context["statutes"]]
    assert [row["citation"] for row in rows] == ["CGS § 7-339a", "CGS § 7-148cc"]
    assert rows[1]["categories"] == "animal-control"


def test_programs_export_hides_draft_programs_contacts_statutes_and_bodies(client, db):
    draft_body = make_body("Draft agency", published=False)
    program = make_program("Regional program", acronym="RPIP", administering_body=draft_body)
    program.statutes.set([make_statute("CGS § 7-148cc", slug="cgs-7-148cc"), make_statute(
        "CGS § 9-999", published=False
    )])  # fmt: skip
    make_contact("Robyn Nichols", programs=[program])
    make_contact("Draft Contact", programs=[program], published=False)
    make_program("Draft program", published=False)
    (row,) = csv_records(client, "/programs/export.csv")
    page = client.get("/programs/")
    assert [row["name"]] == [p.name for p in page.context["programs"]]
    assert row["administering_body"] == ""
    assert row["statutes"] == "cgs-7-148cc"
    assert row["contacts"] == "Robyn Nichols"
