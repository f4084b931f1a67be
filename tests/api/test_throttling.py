"""At most API_RATE_LIMIT requests per client address, then a clear 429."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()  # forget other tests' requests from the same address
    yield
    cache.clear()


def test_the_request_over_the_limit_is_a_429_problem_with_retry_after(client, three_a_minute):
    for _ in range(3):
        assert client.get("/api/v1/").status_code == 200
    response = client.get("/api/v1/agreements/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 0 < int(response["Retry-After"]) <= 60
    problem = response.json()
    assert problem["status"] == 429
    assert problem["title"] == "Too Many Requests"
    assert f"try again in {response['Retry-After']} seconds" in problem["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_each_client_address_has_its_own_count(client, three_a_minute):
    for _ in range(3):
        client.get("/api/v1/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forged_forwarded_for_does_not_reset_the_count(client, three_a_minute, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # behind our proxy, which appends the real address

    def get(forged):
        # The client wrote `forged`; our proxy appended the address it saw.
        return client.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7")

    for number in range(3):
        assert get(f"10.0.0.{number}").status_code == 200
    assert get("10.0.0.99").status_code == 429


def test_an_ipv6_client_counts_as_its_64(client, three_a_minute):
    for number in range(3):
        client.get("/api/v1/", REMOTE_ADDR=f"2001:db8:1:2::{number + 1}")
    assert client.get("/api/v1/", REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.get("/api/v1/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_site_pages_are_not_counted(client, three_a_minute):
    for _ in range(5):
        assert client.get("/robots.txt").status_code == 200
    assert client.get("/api/v1/").status_code == 200


def _start_with(rate):
    """Load the settings in a fresh process with API_RATE_LIMIT=rate."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": "x",
             "API_RATE_LIMIT": rate},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )  # fmt: skip


@pytest.mark.parametrize("rate", ["lots", "0/minute", "120/fortnight", "120"])
def test_a_malformed_rate_limit_stops_the_portal_with_a_clear_message(rate):
    result = _start_with(rate)
    assert result.returncode != 0
    assert "API_RATE_LIMIT must be requests per second, minute, hour or day" in result.stderr


def test_a_rate_limit_per_hour_is_accepted():
    assert _start_with("600/hour").returncode == 0
