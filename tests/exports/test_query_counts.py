"""An export's queries grow with its chunks of rows, never with the rows themselves."""

import csv
import io
import json
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import PartyRole
from exports import queries
from tests.exports.conftest import download
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_program,
    make_savings_claim,
    make_source,
    make_statute,
)

pytestmark = pytest.mark.django_db
CHUNK = 20
# An agreement chunk: its rows (one query, or none more on a cursor already open) and one
# query per prefetched relation (categories, parties, statutes, documents, savings, sources).
AGREEMENT_CHUNK_QUERIES = 7


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(queries, "CHUNK_SIZE", CHUNK)


@pytest.fixture
def shared(db):
    return {
        "category": make_category("Shared inspection", slug="shared-inspection"),
        "towns": [make_body() for _ in range(4)],
        "statute": make_statute("CGS § 7-148cc"),
        "program": make_program("Regional program"),
    }


def add_rows(shared, count, start=0):
    """Agreements with every relation a row shows, and as many bodies, statutes and programs."""
    towns = shared["towns"]
    for number in range(start, start + count):
        source = make_source()
        agreement = make_agreement(
            f"Inspection agreement {number:03d}",
            categories=[shared["category"]],
            parties=[(towns[0], PartyRole.LEAD), (towns[1 + number % 3], PartyRole.RECIPIENT)],
            statutes=[shared["statute"]],
        )
        agreement.sources.add(source)
        make_savings_claim(agreement, source=source)
        body = make_body(parent=towns[0])
        body.sources.add(source)
        make_statute().categories.add(shared["category"])
        program = make_program(administering_body=body)
        program.statutes.add(shared["statute"])
        make_contact(programs=[program])


def measure(client, url):
    """How many queries the export took, and how many chunks of rows it sent."""
    with CaptureQueriesContext(connection) as captured:
        _, text = download(client, url)
    rows = len(json.loads(text)) if ".json" in url else len(list(csv.reader(io.StringIO(text)))) - 1
    return len(captured), math.ceil(rows / CHUNK)


URLS = [
    ("/agreements/export.csv", AGREEMENT_CHUNK_QUERIES),
    ("/agreements/export.json?sort=title&category=shared-inspection", AGREEMENT_CHUNK_QUERIES),
    # Ranked search results: their ids at once, then each chunk read by its ids.
    ("/agreements/export.csv?q=inspection", AGREEMENT_CHUNK_QUERIES),
    ("/municipalities/export.csv?kind=municipality", 1),
    ("/services/export.json", 1),
    ("/statutes/export.csv", 2),
    ("/programs/export.json", 3),
]


def test_queries_grow_per_chunk_not_per_row(client, shared):
    # Every export measured on the same data, built once: 5 rows of each kind, then 60.
    add_rows(shared, 5)
    small = {url: measure(client, url) for url, _ in URLS}
    add_rows(shared, 55, start=5)
    for url, per_chunk in URLS:
        (queries, chunks), (queries_before, chunks_before) = measure(client, url), small[url]
        assert chunks > chunks_before or url.startswith("/services/"), url
        assert queries <= queries_before + (chunks - chunks_before) * per_chunk, (
            url,
            queries_before,
            queries,
        )
        print(
            f"{url}: {queries_before} queries for {chunks_before} chunk(s), {queries} for {chunks}"
        )
