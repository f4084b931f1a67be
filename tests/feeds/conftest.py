"""A small catalogue with a draft of everything, and readers for Atom, sitemaps and the head."""

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus
from tests.factories import make_agreement, make_body, make_category

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def catalogue(db):
    """Two published agreements, a draft one; a draft town and a draft category among the
    published agreement's parties and services."""
    inspection = make_category("Building inspection", slug="building-inspection")
    waste = make_category("Waste management", slug="waste-management")
    secret_category = make_category("Secret category", slug="secret-category", published=False)
    bolton, andover = make_body("Bolton"), make_body("Andover")
    hiddenville = make_body("Hiddenville", published=False)
    return {
        "inspection": inspection,
        "waste": waste,
        "secret_category": secret_category,
        "bolton": bolton,
        "andover": andover,
        "hiddenville": hiddenville,
        "inspection_agreement": make_agreement(
            "Bolton building inspection",
            categories=[inspection, secret_category],
            parties=[bolton, andover, hiddenville],
            status=AgreementStatus.ENDED,
            start_year=2015,
            end_year=2020,
            summary="Bolton inspects *decks* & additions.",
        ),
        "landfill": make_agreement("Andover landfill", categories=[waste], parties=[andover]),
        "draft": make_agreement(
            "Secret draft agreement", categories=[inspection], parties=[bolton], published=False
        ),
    }


def parse_xml(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)


def atom(response):
    return parse_xml(response, "application/atom+xml")


def entries(feed):
    return feed.findall(f"{ATOM}entry")


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def sitemap_locations(root):
    """The <loc> of every <url> (a section) or <sitemap> (the index)."""
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def json_ld(response) -> dict:
    """The page's one JSON-LD block, parsed."""
    blocks = _JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.title, self._where = [], "", None

    def handle_starttag(self, tag, attrs):
        if self._where != "body":
            self._where = tag if tag in ("title", "body") else self._where
            if tag in ("meta", "link"):
                self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        # Only the head's <title>: an SVG's <title> in the body (a chart's name) is not the page's.
        if tag == "title" and self._where == "title":
            self._where = None

    def handle_data(self, data):
        if self._where == "title":
            self.title += data


class Head:
    """The <meta> and <link> tags before <body>, attribute values unescaped."""

    def __init__(self, response):
        assert response.status_code == 200
        parser = _HeadParser()
        parser.feed(response.content.decode())
        self.title, self.tags = parser.title, parser.tags

    def meta(self, key):
        found = [
            attrs["content"]
            for tag, attrs in self.tags
            if tag == "meta" and key in (attrs.get("property"), attrs.get("name"))
        ]
        assert len(found) == 1, (key, found)
        return found[0]

    def links(self, rel, type=None):
        return [
            attrs
            for tag, attrs in self.tags
            if tag == "link" and attrs.get("rel") == rel and type in (None, attrs.get("type"))
        ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)
