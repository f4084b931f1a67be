"""Staff open any document, drafts included, through the admin; MEDIA_URL never serves them."""

import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from tests.factories import make_agreement, make_document, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_document():
    agreement = make_agreement("Draft fish cooperation", published=False)
    return make_document(agreement, content=pdf_bytes("draft text"), title="Draft text")


def file_url(document):
    return reverse("admin:agreements_agreementdocument_file", args=[document.pk])


def test_staff_download_a_drafts_document_from_the_admin(admin_client, draft_document):
    response = admin_client.get(file_url(draft_document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")


def test_the_public_cannot_use_the_staff_download(client, draft_document):
    response = client.get(file_url(draft_document))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    public = f"/agreements/{draft_document.agreement.slug}/documents/{draft_document.pk}/"
    assert client.get(public).status_code == 404


def test_the_admins_currently_link_points_to_the_staff_download(admin_client, draft_document):
    change = reverse("admin:agreements_agreement_change", args=[draft_document.agreement.pk])
    html = admin_client.get(change).content.decode()

    assert f'href="{file_url(draft_document)}"' in html
    assert "/media/agreements/" not in html


def test_make_run_serves_the_editors_images_but_never_agreement_documents():
    import portal.urls

    try:
        with override_settings(DEBUG=True):
            clear_url_caches()
            importlib.reload(portal.urls)
            assert resolve("/media/markdownx/picture.png", urlconf=portal.urls)
            with pytest.raises(Resolver404):
                resolve("/media/agreements/draft/text.pdf", urlconf=portal.urls)
    finally:
        clear_url_caches()
        importlib.reload(portal.urls)
