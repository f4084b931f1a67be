"""A database that refuses or hangs: every page answers 503 with Retry-After within the
timeouts, /health/ within its own, and the portal recovers without a restart.

Run for real on PostgreSQL, through a TCP proxy the test controls (tests/tcp_proxy.py)."""

import time

import pytest
from django.db import DatabaseError, connection

from tests.factories import make_agreement
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PAGES = ["/", "/agreements/", "/agreements/through-the-proxy/", "/search/?q=proxy"]


@pytest.fixture
def through_proxy(settings):
    """Point the portal's connection at a proxy in front of the test database."""
    settings.DB_QUERY_TIMEOUT = 2
    settings.HEALTH_TIMEOUT = 1
    make_agreement("Through the proxy")
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT", "OPTIONS")}
    proxy = TcpProxy(saved["HOST"] or "127.0.0.1", saved["PORT"] or 5432)
    connection.close()
    connection.settings_dict.update(
        HOST="127.0.0.1",
        PORT=str(proxy.port),
        OPTIONS={**(saved["OPTIONS"] or {}), "connect_timeout": 1},
    )
    try:
        yield proxy
    finally:
        proxy.stop()
        connection.close()
        connection.settings_dict.update(saved)


def timed(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_refused_hung_and_restored(client, through_proxy, settings):
    # What the database does when it fails, not what the page cache has kept (tested below).
    settings.PAGE_CACHE_SECONDS = 0
    for url in PAGES:
        assert client.get(url).status_code == 200, url

    through_proxy.refuse()
    for url in PAGES:
        response, elapsed = timed(client, url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "The portal will be back in a moment" in response.content.decode()
    health, elapsed = timed(client, "/health/")
    assert health.status_code == 503 and elapsed < 2

    through_proxy.restore()
    for url in PAGES:
        assert client.get(url).status_code == 200, url

    through_proxy.blackhole()
    for url in PAGES:
        response, elapsed = timed(client, url)
        assert response.status_code == 503, url
        # A kept connection is checked (1 s), a new one gives up connecting (1 s).
        assert elapsed < 5, f"{url} took {elapsed:.1f} s"
    health, elapsed = timed(client, "/health/")
    assert health.status_code == 503 and elapsed < 3, f"/health/ took {elapsed:.1f} s"

    through_proxy.restore()
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/health/").content == b"ok\n"


def test_a_query_that_gets_no_answer_is_cut_at_the_query_timeout(through_proxy):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # connected, through the proxy
    through_proxy.blackhole()

    started = time.monotonic()
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    elapsed = time.monotonic() - started

    assert 1.5 < elapsed < 4, f"{elapsed:.1f} s"


def test_the_server_cancels_a_slow_query_and_the_page_says_503(client, settings, through_proxy):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")
        with pytest.raises(DatabaseError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(2)")
    connection.close()


def test_pages_cached_before_an_outage_are_still_served(client, through_proxy, settings):
    """Content cannot change while the database is down, so a cached page is still right."""
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/agreements/").status_code == 200

    through_proxy.refuse()
    assert client.get("/agreements/").status_code == 200
    response = client.get("/agreements/?status=active")  # never asked for: made afresh
    assert response.status_code == 503 and response["Retry-After"] == "30"

    through_proxy.restore()
    assert client.get("/agreements/?status=active").status_code == 200


def test_maintenance_lifts_both_limits_for_its_block_only(settings):
    """Counting every kept facet value again (agreements.facets.recount) may take longer than
    a web request may: neither the server's statement timeout nor the watchdog stops it."""
    from django.db import transaction

    from portal.db import maintenance

    settings.DB_QUERY_TIMEOUT = 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 500")
        with maintenance(connection):
            cursor.execute("SELECT pg_sleep(1.5)")  # past both limits
    assert connection.unlimited is False
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1.5)")  # cut by the watchdog again
    connection.close()
