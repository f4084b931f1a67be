"""What every page's <head> tells feed readers, search engines and link previews."""

import pytest

from tests.factories import make_agreement, make_body, make_category
from tests.feeds.conftest import Head

pytestmark = pytest.mark.django_db

ATOM_TYPE = "application/atom+xml"


def feed_links(response):
    return [link["href"] for link in Head(response).links("alternate", ATOM_TYPE)]


@pytest.mark.parametrize("url", ["/", "/agreements/", "/statutes/", "/no-such-page/"])
def test_every_page_links_the_site_wide_feed(client, catalogue, url):
    response = client.get(url)
    head = response.content.split(b"</head>")[0]
    assert b'<link rel="alternate" type="application/atom+xml"' in head
    assert b'href="/feeds/agreements/"' in head


def test_site_wide_feed_link_leads_to_the_feed(client, catalogue):
    [link] = Head(client.get("/")).links("alternate", ATOM_TYPE)
    assert link["title"]
    assert client.get(link["href"]).status_code == 200


def test_category_page_links_its_feed(client, catalogue):
    links = feed_links(client.get("/services/building-inspection/"))
    assert links == ["/feeds/agreements/", "/feeds/services/building-inspection/"]
    assert client.get(links[1]).status_code == 200


def test_town_page_links_its_feed(client, catalogue):
    links = feed_links(client.get("/municipalities/bolton/"))
    assert links == ["/feeds/agreements/", "/feeds/municipalities/bolton/"]
    assert client.get(links[1]).status_code == 200


@pytest.mark.parametrize("url", ["/services/secret-category/", "/municipalities/hiddenville/"])
def test_staff_preview_of_a_draft_links_no_feed_of_it(admin_client, catalogue, url):
    assert feed_links(admin_client.get(url)) == ["/feeds/agreements/"]


def test_canonical_url_is_the_page_without_its_query_string(client, catalogue):
    head = Head(client.get("/agreements/bolton-building-inspection/?utm_source=mail"))
    [canonical] = head.links("canonical")
    assert canonical["href"] == "http://testserver/agreements/bolton-building-inspection/"
    assert head.meta("og:url") == canonical["href"]


def test_list_page_canonical_url_drops_its_filters(client, catalogue):
    head = Head(client.get("/agreements/?category=waste-management&page=1"))
    assert [link["href"] for link in head.links("canonical")] == ["http://testserver/agreements/"]


def test_agreement_page_open_graph_tags(client, catalogue):
    head = Head(client.get("/agreements/bolton-building-inspection/"))
    assert head.meta("og:type") == "article"
    assert head.meta("og:title") == "Bolton building inspection"
    assert head.meta("og:site_name") == "Capitol Region Shared Services"
    assert head.meta("og:description") == head.meta("description")
    assert "Bolton, Andover" in head.meta("og:description")
    assert head.title == "Bolton building inspection | Capitol Region Shared Services"


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Shared services in the Capitol Region"),
        ("/services/building-inspection/", "Building inspection"),
        ("/municipalities/bolton/", "Bolton"),
    ],
)
def test_other_pages_are_websites_titled_as_the_page(client, catalogue, url, title):
    head = Head(client.get(url))
    assert head.meta("og:type") == "website"
    assert head.meta("og:title") == title
    assert head.title == f"{title} | Capitol Region Shared Services"
    assert head.meta("og:description") == head.meta("description") != ""


def test_quotes_and_angle_brackets_in_a_title_stay_text(client, db):
    title = 'The "<b>bold</b>" & brave agreement'
    make_agreement(title, slug="bold", parties=[make_body()], categories=[make_category()])
    response = client.get("/agreements/bold/")
    head = Head(response)
    assert head.meta("og:title") == title
    assert head.title.startswith(title)
    assert b"<b>bold</b>" not in response.content.split(b"</head>")[0]


def test_error_page_names_no_canonical_address(client, catalogue):
    response = client.get("/agreements/secret-draft-agreement/")
    assert response.status_code == 404
    head = response.content.split(b"</head>")[0]
    assert b"canonical" not in head and b"og:url" not in head
    assert b"secret-draft-agreement" not in response.content


def test_bad_host_still_gets_the_sites_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content
