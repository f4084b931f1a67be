"""Bulk publish/unpublish, and the staff-only Markdown preview and image upload endpoints."""

import io
import json
from urllib.parse import unquote

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agreements.models import Agreement
from drafting.models import Clause
from municipalities.models import PublicBody
from portal.admin import publish, unpublish
from portal.models import PublicationStatus, Publishable, SitePage
from search.engine import search_site
from tests.factories import (
    PUBLIC_FACTORIES,
    make_agreement,
    make_body,
    make_clause,
    make_complete_agreement,
    make_page,
)

pytestmark = pytest.mark.django_db

# Publishing asks an agreement for a service, a party who leads and a source.
FACTORIES = {**PUBLIC_FACTORIES, Clause: make_clause, Agreement: make_complete_agreement}
PUBLISHABLE_ADMINS = [
    pytest.param(model, id=model._meta.label)
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label)
    if issubclass(model, Publishable)
]
MARKDOWNIFY = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def member_client(client, django_user_model):
    """Logged in, but not staff."""
    user = django_user_model.objects.create_user("member", "m@example.org", "pw")
    client.force_login(user)
    return client


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _run_action(client, model, action, objects):
    return client.post(
        _changelist(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def _png():
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(out, "PNG")
    return SimpleUploadedFile("pixel.png", out.getvalue(), content_type="image/png")


def _publication(obj):
    return type(obj).objects.get(pk=obj.pk).publication


@pytest.mark.parametrize("model", PUBLISHABLE_ADMINS)
def test_publishable_admin_offers_publish_and_unpublish(model):
    actions = admin.site._registry[model].actions

    assert publish in actions
    assert unpublish in actions


@pytest.mark.parametrize("model", PUBLISHABLE_ADMINS)
def test_publish_action_publishes_the_selected_drafts(superuser_client, model):
    chosen = FACTORIES[model](published=False)
    other = FACTORIES[model](published=False)

    response = _run_action(superuser_client, model, "publish", [chosen])

    assert response.status_code == 200
    assert _publication(chosen) == PublicationStatus.PUBLISHED
    assert _publication(other) == PublicationStatus.DRAFT


@pytest.mark.parametrize("model", PUBLISHABLE_ADMINS)
def test_unpublish_action_moves_the_selected_back_to_draft(superuser_client, model):
    chosen = FACTORIES[model](published=True)
    other = FACTORIES[model](published=True)

    _run_action(superuser_client, model, "unpublish", [chosen])

    assert _publication(chosen) == PublicationStatus.DRAFT
    assert _publication(other) == PublicationStatus.PUBLISHED


def test_publish_action_reports_how_many_were_published(superuser_client):
    pages = [make_page(published=False), make_page(published=False)]

    response = _run_action(superuser_client, SitePage, "publish", pages)

    assert "2 site pages published." in response.content.decode()
    response = _run_action(superuser_client, SitePage, "unpublish", pages[:1])
    assert "1 site page moved back to draft." in response.content.decode()


def test_unpublish_action_reports_how_many_went_back_to_draft(superuser_client):
    pages = [make_page(), make_page(), make_page()]

    response = _run_action(superuser_client, SitePage, "unpublish", pages)

    assert "3 site pages moved back to draft." in response.content.decode()


def test_published_objects_become_public(superuser_client):
    page = make_page(published=False)

    _run_action(superuser_client, SitePage, "publish", [page])

    assert list(SitePage.objects.published()) == [page]


@pytest.mark.parametrize("url", [MARKDOWNIFY, UPLOAD])
def test_markdownx_endpoint_refuses_anonymous_visitors(client, url):
    response = client.post(url, {"content": "*hi*"})

    assert response.status_code == 403


@pytest.mark.parametrize("url", [MARKDOWNIFY, UPLOAD])
def test_markdownx_endpoint_refuses_users_who_are_not_staff(member_client, url):
    response = member_client.post(url, {"content": "*hi*"})

    assert response.status_code == 403


def test_markdownx_upload_stores_nothing_for_anonymous_visitors(client, settings):
    response = client.post(
        UPLOAD, {"image": _png()}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 403
    assert not (settings.MEDIA_ROOT / "markdownx").exists()


def test_markdownify_renders_markdown_for_staff(staff_client):
    response = staff_client.post(MARKDOWNIFY, {"content": "# Heading\n\n*shared*"})

    assert response.status_code == 200
    assert response.content.decode() == "<h2>Heading</h2>\n<p><em>shared</em></p>"


def test_markdownify_sanitizes_for_staff(staff_client):
    response = staff_client.post(
        MARKDOWNIFY,
        {"content": "Hi <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=y>"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html
    assert "alert" not in html
    assert "onerror" not in html


def test_markdownify_answers_superusers(superuser_client):
    response = superuser_client.post(MARKDOWNIFY, {"content": "**bold**"})

    assert response.content.decode() == "<p><strong>bold</strong></p>"


def test_markdownx_upload_stores_an_image_for_staff(staff_client):
    response = staff_client.post(
        UPLOAD, {"image": _png()}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 200
    image_code = json.loads(response.content)["image_code"]
    assert image_code.startswith("![](/media/markdownx/")
    assert image_code.endswith(".png)")
    stored = image_code.removeprefix("![](/media/").removesuffix(")")
    assert default_storage.exists(unquote(stored))


def test_markdownx_upload_refuses_a_file_that_is_not_an_image(staff_client):
    upload = SimpleUploadedFile("notes.txt", b"text", content_type="text/plain")

    response = staff_client.post(
        UPLOAD, {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 400


def test_markdownx_upload_path_has_no_unexpanded_date_placeholders(staff_client):
    response = staff_client.post(
        UPLOAD, {"image": _png()}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    image_code = json.loads(response.content)["image_code"]
    assert "%" not in image_code


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("x.html", b"<script>alert(document.domain)</script>", "image/gif"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("x.png", b"<html><script>alert(1)</script></html>", "image/png"),
    ],
)
def test_markdownx_upload_refuses_script_dressed_as_an_image(
    staff_client, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)

    for headers in ({"x-requested-with": "XMLHttpRequest"}, {}):
        response = staff_client.post(UPLOAD, {"image": upload}, headers=headers)
        upload.seek(0)
        assert response.status_code == 400
    assert not default_storage.exists("markdownx") or not default_storage.listdir("markdownx")[1]


def test_markdownx_upload_names_the_file_by_its_checked_type(staff_client):
    upload = _png()
    upload.name = "page.html"

    response = staff_client.post(
        UPLOAD, {"image": upload}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert json.loads(response.content)["image_code"].endswith(".png)")


def test_unpublishing_from_a_filtered_changelist_updates_search(superuser_client):

    town = make_body("Quuxville")
    make_agreement("Shared animal shelter", parties=[town])
    assert search_site("Quuxville").group("agreement").count == 1

    response = superuser_client.post(
        _changelist(PublicBody) + "?publication__exact=published",
        {"action": "unpublish", "_selected_action": [town.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert _publication(town) == PublicationStatus.DRAFT
    assert search_site("Quuxville").group("agreement").count == 0


def test_publishing_from_a_drafts_changelist_updates_search(superuser_client):

    town = make_body("Quuxville", published=False)
    make_agreement("Shared animal shelter", parties=[town])
    assert search_site("Quuxville").group("agreement").count == 0

    superuser_client.post(
        _changelist(PublicBody) + "?publication__exact=draft",
        {"action": "publish", "_selected_action": [town.pk]},
        follow=True,
    )

    assert search_site("Quuxville").group("agreement").count == 1
