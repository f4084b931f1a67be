"""The review's smaller findings: where staff land, friendly 400/403 pages, quiet refusals,
shorter sessions."""

import logging

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser("curator", "c@example.org", "right-pw-1")


def test_signing_in_with_a_refused_next_lands_on_the_admin(client, curator):
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "curator", "password": "right-pw-1", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_bad_request_gets_the_sites_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not understand that request" in html
    assert 'href="/"' in html and "skip" in html.lower()  # the site's layout, skip link and all


def test_a_stranger_at_the_editors_endpoints_gets_the_sites_403_page_and_no_traceback(
    client, caplog
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post("/markdownx/markdownify/", {"content": "# hi"})

    assert response.status_code == 403
    assert "This page is not open to you" in response.content.decode()
    assert all(record.exc_info is None for record in caplog.records)


def test_staff_sessions_end_after_eight_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_a_form_sent_without_its_security_token_gets_the_sites_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
