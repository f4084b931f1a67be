"""Documents in the admin: stacked rows that state the upload limit, name file types and sizes in
words, and say so when a form error dropped the file that was chosen."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from agreements.admin import FILE_LOST, FILE_MISSING
from agreements.models import Agreement, AgreementDocument
from agreements.validators import max_upload_bytes
from tests.factories import make_agreement, make_document, pdf_bytes

pytestmark = pytest.mark.django_db

ADD = reverse("admin:agreements_agreement_add")
DOCUMENTS = reverse("admin:agreements_agreementdocument_changelist")
LIMIT_SENTENCE = f"PDF, DOCX or ODT, up to {filesizeformat(max_upload_bytes())}."


def agreement_form(title="Shared dispatch", start_year="", documents=()):
    """The add form's fields, with one document row per (title, upload) in `documents`."""
    data = {
        "title": title, "slug": "", "summary": "", "publication": "draft", "status": "unknown",
        "start_year": start_year, "start_date": "", "end_year": "", "end_date": "",
        "governance": "", "governance_detail": "", "cost_sharing": "", "legal_basis": "",
        "record_notes": "",
    }  # fmt: skip
    for prefix in ("parties", "savings_claims", "documents"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data["documents-TOTAL_FORMS"] = str(len(documents))
    for index, (document_title, upload) in enumerate(documents):
        data |= {f"documents-{index}-title": document_title, f"documents-{index}-kind": "agreement"}
        if upload is not None:
            data[f"documents-{index}-file"] = upload
    return data


def a_pdf(name="dispatch.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("Test dispatch"), content_type="application/pdf")


def document_forms(response):
    (inline,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is AgreementDocument
    ]
    return inline.formset.forms


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_document_inline_is_stacked(superuser_client):
    html = superuser_client.get(ADD).content.decode()

    assert re.search(r'id="documents-group"\s+data-inline-type="stacked"', html)


def test_the_upload_limit_is_stated_under_the_file_field(superuser_client):
    html = superuser_client.get(ADD).content.decode()

    assert re.search(
        r'<div class="help" id="id_documents-0-file_helptext">\s*<div>' + re.escape(LIMIT_SENTENCE),
        html,
    )
    file_input = re.search(r'<input type="file" name="documents-0-file"[^>]*>', html).group()
    assert 'aria-describedby="id_documents-0-file_helptext"' in file_input


def test_a_stored_document_shows_its_type_and_size_in_words(superuser_client):
    agreement = make_agreement("Bolton inspection")
    document = make_document(agreement, filename="signed.docx")

    html = superuser_client.get(
        reverse("admin:agreements_agreement_change", args=[agreement.pk])
    ).content.decode()

    assert "Word document (DOCX)" in html
    assert filesizeformat(document.size) in html
    assert document.content_type not in html


def test_the_current_file_is_named_as_it_was_uploaded(superuser_client):
    agreement = make_agreement("Bolton inspection")
    make_document(agreement, filename="signed-2019.pdf")

    html = superuser_client.get(
        reverse("admin:agreements_agreement_change", args=[agreement.pk])
    ).content.decode()

    assert re.search(r'href="/admin/agreements/agreementdocument/\d+/file/">signed-2019.pdf<', html)


def test_the_document_list_shows_types_and_sizes_in_words(superuser_client):
    document = make_document(make_agreement(), filename="minutes.odt")

    response = superuser_client.get(DOCUMENTS)

    html = response.content.decode()
    assert re.search(r'<td class="field-type_display">OpenDocument text \(ODT\)</td>', html)
    assert f'<td class="field-size_display">{filesizeformat(document.size)}</td>' in html


def test_the_document_list_filters_by_type_named_in_words(superuser_client):
    agreement = make_agreement()
    pdf = make_document(agreement, filename="signed.pdf")
    make_document(agreement, filename="template.docx")

    response = superuser_client.get(DOCUMENTS, {"type": "application/pdf"})

    assert list(response.context["cl"].result_list) == [pdf]
    assert "PDF document" in response.content.decode()


def test_a_form_error_elsewhere_says_the_chosen_file_must_be_chosen_again(superuser_client):
    data = agreement_form(start_year="not a year", documents=[("Dispatch agreement", a_pdf())])

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    assert document_forms(response)[0].errors["file"] == [FILE_LOST]
    assert messages_of(response) == [
        "The form had errors, so the file you chose for “Dispatch agreement” was not saved: "
        "choose the file again."
    ]
    assert FILE_LOST in response.content.decode()
    assert not Agreement.objects.exists()
    assert not AgreementDocument.objects.exists()


def test_the_message_names_every_row_whose_file_was_dropped(superuser_client):
    data = agreement_form(
        start_year="not a year",
        documents=[("Signed text", a_pdf("a.pdf")), ("Amendment", a_pdf("b.pdf"))],
    )

    response = superuser_client.post(ADD, data)

    assert messages_of(response) == [
        "The form had errors, so the files you chose for “Signed text”, “Amendment” were not "
        "saved: choose them again."
    ]


def test_a_new_document_row_without_its_file_asks_for_the_file_again(superuser_client):
    data = agreement_form(documents=[("Dispatch agreement", None)])

    response = superuser_client.post(ADD, data)

    assert response.status_code == 200
    assert document_forms(response)[0].errors["file"] == [FILE_MISSING]
    assert not Agreement.objects.exists()


def test_a_refused_file_keeps_its_own_reason(superuser_client):
    upload = SimpleUploadedFile("setup.exe", b"MZ\x90\x00")
    data = agreement_form(documents=[("Installer", upload)])

    response = superuser_client.post(ADD, data)

    (error,) = document_forms(response)[0].errors["file"]
    assert error.startswith("“setup.exe” is not an accepted file type.")
    assert messages_of(response) == []


def test_a_valid_form_with_a_file_saves_it_and_says_nothing_about_choosing_again(
    superuser_client,
):
    response = superuser_client.post(ADD, agreement_form(documents=[("Signed", a_pdf())]))

    assert response.status_code == 302
    assert AgreementDocument.objects.get().original_filename == "dispatch.pdf"


def test_the_document_form_says_when_an_error_dropped_its_new_file(superuser_client):
    document = make_document(make_agreement(), filename="old.pdf")
    url = reverse("admin:agreements_agreementdocument_change", args=[document.pk])
    data = {"agreement": document.agreement_id, "title": "", "kind": "agreement", "file": a_pdf()}

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [FILE_LOST]
    assert messages_of(response) == [FILE_LOST]
    document.refresh_from_db()
    assert document.original_filename == "old.pdf"
