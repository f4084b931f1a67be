"""Staff read the link checks in the admin; only the command writes them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from linkcheck.models import LinkCheck, LinkStatus
from tests.factories import make_source

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:linkcheck_linkcheck_changelist")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, django_user_model):
    """Staff who may view link checks and nothing more."""
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_linkcheck"))
    client.force_login(user)
    return client


def _broken(url="https://town.example.org/gone"):
    return LinkCheck.objects.create(
        url=url, status=LinkStatus.BROKEN, http_status=404, checked_at=timezone.now(), failures=2
    )


def test_the_changelist_shows_checks_to_staff_without_an_add_button(staff_client):
    _broken()

    response = staff_client.get(CHANGELIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "https://town.example.org/gone" in html
    assert "Broken (the site answers with an error)" in html
    assert reverse("admin:linkcheck_linkcheck_add") not in html


def test_the_changelist_filters_by_result(staff_client):
    broken = _broken()
    LinkCheck.objects.create(url="https://ok.example.org/", status="ok", checked_at=timezone.now())

    response = staff_client.get(CHANGELIST, {"status__exact": "broken"})

    assert list(response.context["cl"].result_list) == [broken]


def test_the_check_page_links_to_the_records_citing_it(admin_client):
    source = make_source(url="https://town.example.org/gone")
    check = _broken()

    response = admin_client.get(reverse("admin:linkcheck_linkcheck_change", args=[check.pk]))

    assert reverse("admin:sources_source_change", args=[source.pk]) in response.content.decode()


def test_not_even_a_superuser_can_add_or_change_a_check(admin_client):
    check = _broken()
    change = reverse("admin:linkcheck_linkcheck_change", args=[check.pk])

    assert admin_client.get(reverse("admin:linkcheck_linkcheck_add")).status_code == 403
    assert admin_client.post(change, {"url": "https://x.example.org/"}).status_code == 403
