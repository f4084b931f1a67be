"""The planner's statistics are refreshed after migrate, bulk loads and on demand; responses are
compressed and answer conditional requests (issue 14)."""

import gzip

import pytest
from django.core.management import call_command
from django.db import connection

from agreements.models import Agreement
from portal.housekeeping import planner_rows
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def test_migrate_left_statistics_behind():
    # The test database was made by migrate; its post_migrate hook ran ANALYZE at the end.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        [(applied,)] = cursor.fetchall()
    assert applied > 0 and planner_rows("django_migrations") == applied


def test_analyze_database_counts_the_rows_added_since():
    for number in range(3):
        make_agreement(f"Agreement {number}")
    assert planner_rows("agreements_agreement") != 3  # the statistics of the empty table

    call_command("analyze_database", verbosity=0)

    assert planner_rows("agreements_agreement") == 3


def test_loading_the_starter_content_refreshes_the_statistics():
    call_command("load_starter_content", verbosity=0)

    assert planner_rows("agreements_agreement") == Agreement.objects.count() > 50


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    plain = client.get("/")
    packed = client.get("/", headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content  # the same page, and whole


def test_a_page_answers_304_to_its_own_etag_and_200_once_it_changes(client):
    make_agreement("Joint animal control")
    first = client.get("/agreements/")
    etag = first["ETag"]

    again = client.get("/agreements/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""

    make_agreement("Joint building inspection")
    changed = client.get("/agreements/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and b"Joint building inspection" in changed.content


def test_documents_are_sent_as_they_are_not_gzipped(client):
    from tests.factories import make_document

    document = make_document(make_agreement("Joint animal control"))

    response = client.get(document.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF")
