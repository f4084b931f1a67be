"""Content-Security-Policy and Permissions-Policy on every response."""

import pytest
from django.urls import reverse

from tests.factories import make_agreement

pytestmark = pytest.mark.django_db

EXPECTED = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]


def policy(response):
    return response.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize(
    "url", ["/", "/agreements/", "/search/?q=kennel", "/no-such-page/", "/health/"]
)
def test_public_responses_carry_a_strict_policy(client, url):
    make_agreement("Regional kennel")

    response = client.get(url)
    header = policy(response)

    assert all(directive in header for directive in EXPECTED), header
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "http" not in header  # no third-party origin anywhere
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_the_admin_carries_the_same_policy(admin_client):
    response = admin_client.get(reverse("admin:agreements_agreement_add"))

    assert response.status_code == 200
    assert all(directive in policy(response) for directive in EXPECTED)
    assert "unsafe-inline" not in policy(response)
