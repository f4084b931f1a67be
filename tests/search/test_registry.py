"""The registry: apps declare what is searchable in their own search.py, nothing else."""

import importlib
import sys

import pytest
from django.urls import reverse

from search.engine import search_site
from search.models import Document
from search.registry import AlreadyRegistered, Searchable, SearchText, register, site
from sources.models import Source
from tests.factories import make_agreement, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources_searchable():
    """Register tests/search/sample_search.py as autodiscovery would, and undo it after."""
    sys.modules.pop("tests.search.sample_search", None)
    module = importlib.import_module("tests.search.sample_search")
    yield module.SourceSearch
    site.unregister(Source)


def test_every_content_app_registers_its_kinds_from_its_own_search_module():
    registered = {searchable.kind: type(searchable).__module__ for searchable in site}

    assert registered == {
        "agreement": "agreements.search",
        "category": "services.search",
        "body": "municipalities.search",
        "statute": "statutes.search",
        "program": "contacts.search",
        "contact": "contacts.search",
        "resource": "contacts.search",
        "page": "portal.search",
    }


def test_a_new_kind_needs_only_its_search_module(sources_searchable, client):
    source = make_source("Report on regional zebra crossings", publisher="State auditors")

    document = Document.objects.get(kind="source", object_id=source.pk)
    assert document.public and document.summary == "State auditors"
    assert [s.title for s in search_site("zebra crossings").group("source").results] == [
        source.title
    ]
    # Its results show with the default result template, in a group of their own.
    html = client.get(reverse("search:search"), {"q": "zebra"}).content.decode()
    assert 'id="results-source"' in html and "Sources (1)" in html
    assert "Report on regional zebra crossings" in html

    source.title = "Report on regional kennels"
    source.save()
    assert search_site("zebra").total == 0
    source.delete()
    assert not Document.objects.filter(kind="source").exists()


def test_unregistering_stops_indexing(sources_searchable):
    site.unregister(Source)
    try:
        make_source("Report on zebra crossings")
        assert not Document.objects.filter(kind="source").exists()
    finally:
        site.register(Source, sources_searchable)


def test_a_kind_or_model_cannot_be_registered_twice():
    class Again(Searchable):
        kind = "agreement"

    with pytest.raises(AlreadyRegistered):
        register(Source)(Again)
    assert site.for_model(Source) is None


def test_related_lookups_that_do_not_exist_fail_loudly(sources_searchable):
    class Broken(Searchable):
        kind = "broken"
        related = {"no_such_field": None}

        def text(self, obj):
            return SearchText(str(obj))

    from statutes.models import Statute

    site.unregister(Source)
    try:
        with pytest.raises(Exception, match="no_such_field"):
            site.register(Statute.categories.through, Broken)
    finally:
        site._by_kind.pop("broken", None)
        site._by_model.pop(Statute.categories.through, None)
        site.register(Source, sources_searchable)


def test_an_object_whose_text_is_none_stays_out_of_the_index():
    agreement = make_agreement("Regional kennel")
    searchable = site.for_model(agreement)
    original = type(searchable).text
    try:
        type(searchable).text = lambda self, obj: None
        agreement.save()
    finally:
        type(searchable).text = original

    assert not Document.objects.filter(kind="agreement", object_id=agreement.pk).exists()
