"""sitemap.xml (an index of sections), robots.txt and the health check."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def sitemap_text(client):
    """The index and every section it lists, as one text."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml[^<]*)</loc>", index.text)
    assert "/sitemap-agreements.xml" in sections
    return "".join(client.get(html.unescape(section)).content.decode() for section in sections)


def test_sitemap_lists_published_pages_only(client, region):
    xml = sitemap_text(client)
    assert "http://testserver/agreements/bolton-regional-building-inspection/" in xml
    assert "http://testserver/municipalities/mansfield-school-district/" in xml
    assert "http://testserver/statutes/cgs-7-148cc/" in xml
    assert "http://testserver/services/" in xml
    assert "http://testserver/partners/" in xml and "http://testserver/agreements/draft/" in xml
    for draft in ("secret-draft-agreement", "hiddenville", "secret-category", "cgs-9-999"):
        assert draft not in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
