"""Login throttling (django-axes): five wrong passwords per username and address lock it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def curator(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser("curator", "c@example.org", "right-pw-1")


def attempt(client, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": "curator", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, curator):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error

    locked = attempt(client, "wrong")
    then_right = attempt(client, "right-pw-1")

    assert locked.status_code == 429
    assert then_right.status_code == 429
    assert "Too many sign-in attempts" in then_right.content.decode()
    assert "Try again in 15 minutes" in then_right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address_so_staff_elsewhere_can_still_sign_in(client, curator):
    for _ in range(5):
        attempt(client, "wrong")

    response = attempt(client, "right-pw-1", address="198.51.100.20")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(client, curator):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "right-pw-1").status_code == 302
    client.logout()

    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200


def test_an_administrator_unlocks_from_the_admin(client, curator, django_user_model):
    for _ in range(5):
        attempt(client, "wrong")
    other = django_user_model.objects.create_superuser("admin2", "a@example.org", "pw-2")
    client.force_login(other)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "curator" in client.get(changelist).content.decode()

    attempt_row = AccessAttempt.objects.get(username="curator")
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt_row.pk], "post": "yes"},
    )
    client.logout()

    assert not AccessAttempt.objects.exists()
    assert attempt(client, "right-pw-1").status_code == 302


def test_the_lock_expires_after_the_configured_time(client, curator, settings):
    import datetime

    for _ in range(5):
        attempt(client, "wrong")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )

    assert attempt(client, "right-pw-1").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, curator, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # behind the documented proxy, which appends the client
    for number in range(5):
        # The client forges the first entry; the proxy appends the real address last.
        attempt(client, "wrong", address="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7")  # fmt: skip

    response = attempt(client, "right-pw-1", address="10.0.0.2",
                       HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")  # fmt: skip

    assert response.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, curator, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    assert attempt(client, "right-pw-1", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


@pytest.mark.parametrize("forwarded", ["unknown", "1.2.3.4:5678", "[::1]:443", "<script>"])
def test_a_forwarded_header_that_is_no_address_is_ignored_not_a_crash(
    client, curator, settings, forwarded
):
    settings.TRUSTED_PROXY_COUNT = 1

    response = attempt(client, "wrong", HTTP_X_FORWARDED_FOR=forwarded)

    assert response.status_code == 200  # the form again, with its error
