"""What the API shows: published items only, never a draft, not even inside a published one."""

import pytest

from tests.api.conftest import SECRET

pytestmark = pytest.mark.django_db

LISTS = ["agreements", "bodies", "categories", "statutes", "programs"]


def every_item(client, kind):
    """Every item of a list, page after page."""
    items, url = [], f"/api/v1/{kind}/?page_size=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        items += response.json()["results"]
        url = response.json()["next"]
    return items


@pytest.mark.parametrize("kind", LISTS)
def test_no_draft_appears_in_a_list_or_a_detail_even_nested(client, content, kind):
    items = every_item(client, kind)
    assert items
    for item in items:
        detail = client.get(item["url"])
        assert detail.status_code == 200
        assert detail.json() == item
        assert SECRET.lower() not in detail.content.decode().lower()
        assert "hidden-" not in detail.content.decode()


@pytest.mark.parametrize(
    "query", ["category=hidden-category", "municipality=hidden-town", "statute=hidden-statute"]
)
def test_filtering_by_a_drafts_slug_finds_nothing(client, content, query):
    """As an unknown slug does: the answer must not tell that the draft exists, nor with whom."""
    response = client.get(f"/api/v1/agreements/?{query}")
    assert response.status_code == 200
    assert response.json()["results"] == []
    # The published agreement linked to the draft is found by its published neighbours.
    visible = query.replace("hidden-category", "building-inspection").replace(
        "hidden-town", "andover").replace("hidden-statute", "cgs-7-148cc")  # fmt: skip
    assert [a["slug"] for a in client.get(f"/api/v1/agreements/?{visible}").json()["results"]]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agreements/hidden-agreement/",
        "/api/v1/bodies/hidden-town/",
        "/api/v1/categories/hidden-category/",
        "/api/v1/statutes/hidden-statute/",
        "/api/v1/programs/hidden-program/",
    ],
)
def test_a_drafts_detail_is_a_404_problem(client, content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_an_agreement_holds_what_its_export_row_holds(client, content):
    agreement = client.get("/api/v1/agreements/bolton-inspection/").json()
    assert agreement["categories"] == ["building-inspection"]
    assert agreement["parties"] == [
        {"body": "bolton", "role": "lead"},
        {"body": "andover", "role": "recipient"},
    ]
    assert agreement["statutes"] == ["cgs-7-148cc"]
    assert agreement["lead"] == ["Bolton"]
    assert agreement["start_year"] == 2010 and agreement["start_date"] is None
    assert agreement["savings"] == [
        {"amount": 31000.0, "period": "year", "year": 2013, "kind": "projected",
         "stated_by": "the first selectman", "description": "",
         "source": "https://news.example.org/bolton-inspection"}
    ]  # fmt: skip
    assert agreement["sources"] == ["https://news.example.org/bolton-inspection"]
    [document] = agreement["documents"]
    assert document["url"].startswith("http://testserver/agreements/bolton-inspection/documents/")
    assert agreement["page_url"] == "http://testserver/agreements/bolton-inspection/"


def test_a_draft_parent_or_administering_body_reads_as_null(client, content):
    bodies = {body["name"]: body for body in every_item(client, "bodies")}
    assert bodies["Bolton schools"]["parent"] == "bolton"
    assert bodies["Orphan schools"]["parent"] is None
    assert client.get("/api/v1/programs/rpip/").json()["administering_body"] is None


def test_counts_include_published_agreements_only(client, content):
    bolton = client.get("/api/v1/bodies/bolton/").json()
    assert bolton["agreement_count"] == 1  # not its draft's
    category = client.get("/api/v1/categories/building-inspection/").json()
    assert category["agreement_count"] == 2


def test_the_root_lists_every_endpoint_with_the_schema_and_the_docs(client):
    root = client.get("/api/v1/").json()
    assert set(root) == {*LISTS, "schema", "docs"}
    assert root["agreements"] == "http://testserver/api/v1/agreements/"
    assert root["docs"] == "http://testserver/api/v1/docs/"
