"""How the API answers over HTTP: pages and links, ETags, methods, CORS, errors as problems."""

import pytest
from django.db import OperationalError
from django.test import Client

from api import views
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def links(response) -> dict[str, str]:
    """The Link header as {rel: url}."""
    found = {}
    for part in response.get("Link", "").split(", "):
        if part:
            url, rel = part.split("; ")
            found[rel.removeprefix('rel="').removesuffix('"')] = url.strip("<>")
    return found


@pytest.fixture
def five(db):
    return [make_agreement(f"Agreement {n}", start_year=2000 + n) for n in range(5)]


def test_pages_link_to_each_other_in_the_body_and_the_link_header(client, five):
    first = client.get("/api/v1/agreements/?page_size=2")
    assert first.json()["count"] == 5
    assert first.json()["previous"] is None
    assert links(first) == {
        "next": "http://testserver/api/v1/agreements/?page=2&page_size=2",
        "last": "http://testserver/api/v1/agreements/?page=3&page_size=2",
    }
    assert first.json()["next"] == links(first)["next"]
    middle = client.get(links(first)["next"])
    assert set(links(middle)) == {"first", "prev", "next", "last"}
    assert links(middle)["first"] == "http://testserver/api/v1/agreements/?page_size=2"
    last = client.get(links(first)["last"])
    assert set(links(last)) == {"first", "prev"}
    assert last.json()["next"] is None
    slugs = [a["slug"] for page in (first, middle, last) for a in page.json()["results"]]
    assert slugs == [a.slug for a in reversed(five)]  # newest first, each once


def test_a_single_page_has_no_link_header(client, five):
    assert "Link" not in client.get("/api/v1/agreements/")


def test_page_size_is_at_most_100(client, db):
    for n in range(101):
        make_agreement(f"Agreement {n:03d}", categories=[])
    assert len(client.get("/api/v1/agreements/?page_size=100").json()["results"]) == 100


@pytest.mark.parametrize("size", ["0", "101", "abc", "-1", "1.5", "²"])
def test_a_page_size_out_of_bounds_is_a_400_problem(client, five, size):
    response = client.get(f"/api/v1/agreements/?page_size={size}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert set(response.json()["errors"]) == {"page_size"}


@pytest.mark.parametrize("page", ["4", "0", "abc"])
def test_a_page_that_does_not_exist_is_a_404_problem(client, five, page):
    response = client.get(f"/api/v1/agreements/?page_size=2&page={page}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/api/v1/agreements/agreement-1/"])
def test_a_current_etag_gets_a_304_and_a_changed_item_a_new_etag(client, five, url):
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    five[1].title = "Renamed agreement"
    five[1].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_head_answers_like_get_without_a_body(client, five):
    get, head = client.get("/api/v1/agreements/"), client.head("/api/v1/agreements/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/agreements/", "/api/v1/agreements/agreement-1/"])
def test_writing_is_a_405_problem(five, method, url):
    # A client that enforces CSRF as a browser would: the API never asks for a token.
    response = getattr(Client(enforce_csrf_checks=True), method)(url)
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["title"] == "Method Not Allowed"


def test_any_site_may_read_the_api_without_credentials(client, five):
    response = client.get("/api/v1/agreements/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert {"ETag", "Link"} <= set(response["Access-Control-Expose-Headers"].split(", "))
    assert "Set-Cookie" not in response


def test_a_preflight_allows_reading_only(client, five):
    response = client.options(
        "/api/v1/agreements/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_the_site_itself_sends_no_cors_header(client, five):
    assert "Access-Control-Allow-Origin" not in client.get("/agreements/")


@pytest.mark.parametrize("url", ["/api/v1/nothing-here/", "/api/v2/", "/api/v1/agreements/a/b/"])
def test_an_unknown_address_under_api_is_a_404_problem(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "There is nothing at this address.",
    }
    assert int(response["Content-Length"]) == len(response.content)


def test_an_unknown_address_elsewhere_is_still_the_sites_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_filter_value_is_a_400_problem_naming_it(client, five):
    response = client.get("/api/v1/agreements/?year_from=abc&status=nonsense&sort=best")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["title"] == "Bad Request"
    assert set(problem["errors"]) == {"year_from", "status", "sort"}


def test_asking_for_anything_but_json_is_a_406_problem(client, five):
    response = client.get("/api/v1/agreements/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("url", "accept", "status"),
    [("/api/v1/schema/?format=xml", "*/*", 404), ("/api/v1/schema/", "text/html", 406),
     ("/api/v1/docs/", "application/xml", 406)],
)  # fmt: skip
def test_the_schema_and_docs_views_errors_are_json_problems_too(client, db, url, accept, status):
    """Not the view's own YAML or HTML under a problem's content type."""
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == status


def test_a_failed_if_match_is_a_412_problem(client, five):
    response = client.get("/api/v1/agreements/", HTTP_IF_MATCH='"not-this-one"')
    assert response.status_code == 412
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 412


def test_a_server_error_is_a_500_problem(five, monkeypatch):
    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.AgreementViewSet, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/api/v1/agreements/")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Internal Server Error"
    assert "a bug" not in response.content.decode()


def test_an_empty_parameter_counts_as_left_out_as_in_the_library(client, five):
    everything = client.get("/api/v1/agreements/").json()
    query = "q=&category=&kind=&status=&year_from=&has_documents=&sort=&page=&page_size="
    assert client.get(f"/api/v1/agreements/?{query}").json() == everything


def test_a_lost_database_is_a_503_problem_with_retry_after(five, monkeypatch):
    def lost(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.AgreementViewSet, "get_queryset", lost)
    response = Client(raise_request_exception=False).get("/api/v1/agreements/")
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 503
