"""The sitemap index and its paginated sections (portal.sitemaps)."""

import datetime

import pytest

from agreements.models import Agreement
from portal.sitemaps import SITEMAPS, PublishedSitemap
from tests.factories import make_agreement, make_body, make_statute
from tests.feeds.conftest import SITEMAP, count_queries, parse_xml, sitemap_locations

pytestmark = pytest.mark.django_db

# Midday: the sections give the day in TIME_ZONE, the index the exact time.
UPDATED = datetime.datetime(2024, 3, 2, 16, 0, tzinfo=datetime.UTC)


def sitemap(client, url):
    return parse_xml(client.get(url), "application/xml")


def test_index_lists_every_section(client, catalogue):
    index = sitemap(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert sitemap_locations(index) == [
        f"http://testserver/sitemap-{section}.xml" for section in SITEMAPS
    ]


def test_every_section_parses_and_leaves_drafts_out(client, catalogue):
    make_statute("CGS § 9-999", published=False)
    make_body("Hidden district", published=False)
    for url in sitemap_locations(sitemap(client, "/sitemap.xml")):
        section = sitemap(client, url)
        assert section.tag == f"{SITEMAP}urlset"
        for location in sitemap_locations(section):
            assert location.startswith("http://testserver/")
            for draft in ("secret", "hidden", "cgs-9-999"):
                assert draft not in location


def test_agreements_section_lists_the_published_agreements(client, catalogue):
    locations = sitemap_locations(sitemap(client, "/sitemap-agreements.xml"))
    assert locations == [
        "http://testserver/agreements/bolton-building-inspection/",
        "http://testserver/agreements/andover-landfill/",
    ]


def test_lastmod_is_when_the_page_last_changed(client, catalogue):
    Agreement.objects.filter(pk=catalogue["landfill"].pk).update(updated_at=UPDATED)
    section = sitemap(client, "/sitemap-agreements.xml")
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in section.iter(f"{SITEMAP}url")
    }
    assert lastmods["http://testserver/agreements/andover-landfill/"] == "2024-03-02"


def test_index_lastmod_is_the_latest_published_change_of_the_section(client, catalogue):
    Agreement.objects.update(updated_at=UPDATED)
    # A draft edited later is not a change the public can see.
    Agreement.objects.filter(pk=catalogue["draft"].pk).update(
        updated_at=UPDATED + datetime.timedelta(days=300)
    )
    index = sitemap(client, "/sitemap.xml")
    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    assert lastmods["http://testserver/sitemap-agreements.xml"] == "2024-03-02T11:00:00-05:00"
    assert lastmods["http://testserver/sitemap-pages.xml"] is None


def test_sections_are_split_into_pages(client, db, monkeypatch):
    monkeypatch.setattr(PublishedSitemap, "limit", 2)
    made = [make_agreement() for _ in range(5)]
    index_locations = sitemap_locations(sitemap(client, "/sitemap.xml"))
    agreement_pages = [url for url in index_locations if "sitemap-agreements" in url]
    assert agreement_pages == [
        "http://testserver/sitemap-agreements.xml",
        "http://testserver/sitemap-agreements.xml?p=2",
        "http://testserver/sitemap-agreements.xml?p=3",
    ]
    listed = [loc for url in agreement_pages for loc in sitemap_locations(sitemap(client, url))]
    assert listed == [f"http://testserver{agreement.get_absolute_url()}" for agreement in made]
    assert client.get("/sitemap-agreements.xml?p=4").status_code == 404


def test_unknown_section_is_not_found(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-agreements.xml"])
def test_sitemap_query_count_does_not_grow_with_the_agreements(client, db, url):
    for _ in range(3):
        make_agreement()
    with_3 = count_queries(client, url)
    for _ in range(30):
        make_agreement()
    assert count_queries(client, url) == with_3
