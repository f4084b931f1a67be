"""Residents see no way into the admin; signed-in staff get a discreet link back to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_no_admin_link(client, region):
    html = client.get("/").content.decode()
    assert "/admin/" not in html


def test_signed_in_staff_see_a_link_to_the_admin(client, region, django_user_model):
    staff = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    assert '<a href="/admin/">Staff admin</a>' in client.get("/").content.decode()


def test_a_signed_in_resident_account_sees_no_admin_link(client, region, django_user_model):
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    assert "/admin/" not in client.get("/").content.decode()
