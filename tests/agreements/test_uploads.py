"""Agreement documents: only real PDF, DOCX and ODT files, within the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, AgreementDocument
from tests.factories import (
    docx_bytes,
    make_agreement,
    make_body,
    make_category,
    make_document,
    odt_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WRONG_TYPE = "is not an accepted file type. Upload a PDF, DOCX or ODT file."
NOT_REAL = "does not look like a real"


def doc_bytes():
    """The leading bytes of a legacy Word (OLE compound) file, padded."""
    return OLE_HEADER + b"\x00" * 504


ACCEPTED = [
    ("agreement.pdf", pdf_bytes, "application/pdf"),
    (
        "agreement.docx",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("agreement.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ("AGREEMENT.PDF", pdf_bytes, "application/pdf"),
]
ACCEPTED_IDS = [name for name, _, _ in ACCEPTED]

WRONG_TYPES = [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("notes.txt", b"Plain text notes"),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("agreement", pdf_bytes()),
    ("agreement.pdf.exe", b"MZ\x90\x00"),
]
WRONG_TYPE_IDS = [name for name, _ in WRONG_TYPES]


def _unsaved_document(filename, content, agreement=None):
    return AgreementDocument(
        agreement=agreement or make_agreement(),
        title="Signed agreement",
        file=SimpleUploadedFile(filename, content),
    )


def _file_errors(document):
    with pytest.raises(ValidationError) as raised:
        document.full_clean()
    return raised.value.message_dict["file"]


# --- Through model validation --------------------------------------------------------------


@pytest.mark.parametrize(("filename", "content", "content_type"), ACCEPTED, ids=ACCEPTED_IDS)
def test_accepted_document_types_pass_validation(filename, content, content_type):
    _unsaved_document(filename, content()).full_clean()


@pytest.mark.parametrize(("filename", "content"), WRONG_TYPES, ids=WRONG_TYPE_IDS)
def test_other_file_types_fail_validation_with_a_clear_message(filename, content):
    errors = _file_errors(_unsaved_document(filename, content))

    assert errors == [f"“{filename}” {WRONG_TYPE}"]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("renamed.pdf", b"MZ\x90\x00 an executable renamed"),
        ("renamed.pdf", b"<html>not a pdf</html>"),
        ("renamed.docx", pdf_bytes()),
        ("renamed.odt", b"plain text"),
    ],
    ids=["exe-as-pdf", "html-as-pdf", "pdf-as-docx", "text-as-odt"],
)
def test_renamed_file_fails_validation_as_not_real(filename, content):
    errors = _file_errors(_unsaved_document(filename, content))

    kind = filename.rsplit(".", 1)[1].upper()
    assert errors == [
        f"“{filename}” does not look like a real {kind} file. It may be damaged or renamed."
    ]


def test_empty_file_fails_validation():
    assert _file_errors(_unsaved_document("empty.pdf", b"")) == ["The file is empty."]


def test_file_over_the_limit_fails_validation(settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\x00" * (MEGABYTE + 1 - len(pdf_bytes()))

    errors = _file_errors(_unsaved_document("big.pdf", content))

    assert errors == ["The file is 1,048,577 bytes; the limit is 1,048,576 bytes."]


def test_file_exactly_at_the_limit_passes_validation(settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\x00" * (MEGABYTE - len(pdf_bytes()))

    _unsaved_document("limit.pdf", content).full_clean()


def test_validation_leaves_the_upload_readable_from_the_start():
    document = _unsaved_document("agreement.pdf", pdf_bytes())

    document.full_clean()

    document.file.seek(0)
    assert document.file.read(5) == b"%PDF-"


@pytest.mark.parametrize(("filename", "content", "content_type"), ACCEPTED, ids=ACCEPTED_IDS)
def test_saving_records_size_type_and_original_name(filename, content, content_type):
    data = content()

    document = make_document(make_agreement(), filename=filename, content=data)

    document.refresh_from_db()
    assert document.size == len(data)
    assert document.content_type == content_type
    assert document.original_filename == filename


def test_saved_file_is_stored_under_the_agreement_slug():
    document = make_document(make_agreement(slug="bolton-inspection"), filename="signed.pdf")

    assert document.file.name == "agreements/bolton-inspection/signed.pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == pdf_bytes()


def test_second_file_with_the_same_name_keeps_its_original_name():
    agreement = make_agreement()
    first = make_document(agreement, filename="signed.pdf")

    second = make_document(agreement, filename="signed.pdf")

    assert second.file.name != first.file.name
    assert second.original_filename == "signed.pdf"


def test_saved_document_still_passes_validation_when_edited():
    document = make_document(make_agreement())
    document.title = "Signed agreement, corrected title"

    document.full_clean()
    document.save()

    assert AgreementDocument.objects.get().title == "Signed agreement, corrected title"


def test_saving_again_keeps_the_recorded_details():
    document = make_document(make_agreement(), filename="signed.pdf")

    AgreementDocument.objects.get(pk=document.pk).save()

    document.refresh_from_db()
    assert (document.size, document.original_filename) == (len(pdf_bytes()), "signed.pdf")


def test_document_extension_is_shown_in_capitals():
    assert make_document(make_agreement(), filename="terms.docx").extension == "DOCX"


def test_document_absolute_url_is_its_download_address():
    agreement = make_agreement(slug="windsor-bloomfield")
    document = make_document(agreement)

    assert document.get_absolute_url() == f"/agreements/windsor-bloomfield/documents/{document.pk}/"


def test_document_str_is_its_title():
    assert str(make_document(make_agreement(), title="Interlocal agreement")) == (
        "Interlocal agreement"
    )


# --- Through the real admin ----------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client.force_login(user)
    return client


def _agreement_form(upload, *, title="Bolton regional building inspection"):
    """The admin's agreement add form: one party and one document in the inline formsets."""
    category, town = make_category(), make_body()
    return {
        "title": title,
        "slug": "bolton-regional-building-inspection",
        "categories": [category.pk],
        "summary": "Bolton inspects buildings for three towns.",
        "publication": "draft",
        "status": "active",
        "start_year": "",
        "start_date": "",
        "end_year": "",
        "end_date": "",
        "governance": "",
        "cost_sharing": "",
        "savings_claims-TOTAL_FORMS": "0",
        "savings_claims-INITIAL_FORMS": "0",
        "savings_claims-MIN_NUM_FORMS": "0",
        "savings_claims-MAX_NUM_FORMS": "1000",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "1",
        "parties-MAX_NUM_FORMS": "1000",
        "parties-0-body": str(town.pk),
        "parties-0-role": "lead",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "Signed interlocal agreement",
        "documents-0-kind": "agreement",
        "documents-0-file": upload,
    }


def _post_agreement(client, filename, content):
    upload = SimpleUploadedFile(filename, content)
    return client.post(reverse("admin:agreements_agreement_add"), _agreement_form(upload))


def _document_form_errors(response):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is AgreementDocument:
            return [error for form in inline.formset.forms for error in form.errors.get("file", [])]
    raise AssertionError("The agreement form has no document inline.")


@pytest.mark.parametrize(("filename", "content", "content_type"), ACCEPTED, ids=ACCEPTED_IDS)
def test_admin_accepts_each_document_type(admin_client, filename, content, content_type):
    data = content()

    response = _post_agreement(admin_client, filename, data)

    assert response.status_code == 302, response.context and _document_form_errors(response)
    document = AgreementDocument.objects.get()
    assert document.agreement == Agreement.objects.get()
    assert (document.size, document.content_type) == (len(data), content_type)
    assert document.original_filename == filename


@pytest.mark.parametrize(("filename", "content"), WRONG_TYPES[:3], ids=WRONG_TYPE_IDS[:3])
def test_admin_refuses_other_file_types_with_the_message(admin_client, filename, content):
    response = _post_agreement(admin_client, filename, content)

    assert response.status_code == 200
    assert _document_form_errors(response) == [f"“{filename}” {WRONG_TYPE}"]
    assert not Agreement.objects.exists()
    assert not AgreementDocument.objects.exists()


def test_admin_shows_the_refusal_on_the_page(admin_client):
    response = _post_agreement(admin_client, "setup.exe", b"MZ\x90\x00")

    assert f"“setup.exe” {WRONG_TYPE}" in response.content.decode()


def test_admin_refuses_a_renamed_file(admin_client):
    response = _post_agreement(admin_client, "renamed.pdf", b"MZ\x90\x00 not a pdf at all")

    assert response.status_code == 200
    assert [NOT_REAL in error for error in _document_form_errors(response)] == [True]
    assert not AgreementDocument.objects.exists()


def test_admin_refuses_an_empty_file(admin_client):
    response = _post_agreement(admin_client, "empty.pdf", b"")

    assert response.status_code == 200
    # Django's form field refuses an empty upload before the model validator sees it.
    assert _document_form_errors(response) == ["The submitted file is empty."]
    assert not AgreementDocument.objects.exists()


def test_admin_refuses_a_file_over_the_limit(admin_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    content = pdf_bytes() + b"\x00" * (MEGABYTE + 1 - len(pdf_bytes()))

    response = _post_agreement(admin_client, "big.pdf", content)

    assert response.status_code == 200
    assert _document_form_errors(response) == [
        "The file is 1,048,577 bytes; the limit is 1,048,576 bytes."
    ]
    assert not AgreementDocument.objects.exists()


def test_admin_file_input_accepts_only_the_document_types(admin_client):
    response = admin_client.get(reverse("admin:agreements_agreement_add"))

    assert 'accept=".docx,.odt,.pdf"' in response.content.decode()


def test_admin_file_help_states_the_size_limit(admin_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 3

    response = admin_client.get(reverse("admin:agreements_agreement_add"))

    assert "PDF, DOCX or ODT, up to 3.0\xa0MB." in response.content.decode()


def test_document_admin_add_page_records_the_upload(admin_client):
    agreement = make_agreement()
    data = docx_bytes()

    response = admin_client.post(
        reverse("admin:agreements_agreementdocument_add"),
        {
            "agreement": agreement.pk,
            "title": "Amendment 1",
            "kind": "amendment",
            "file": SimpleUploadedFile("amendment-1.docx", data),
        },
    )

    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert (document.agreement, document.kind, document.size) == (agreement, "amendment", len(data))


def test_document_admin_add_page_refuses_a_wrong_type(admin_client):
    agreement = make_agreement()

    response = admin_client.post(
        reverse("admin:agreements_agreementdocument_add"),
        {
            "agreement": agreement.pk,
            "title": "Script",
            "kind": "agreement",
            "file": SimpleUploadedFile("page.html", b"<script>alert(1)</script>"),
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [f"“page.html” {WRONG_TYPE}"]
    assert not AgreementDocument.objects.exists()


def test_replacing_the_file_records_the_new_details():
    document = make_document(make_agreement(), filename="draft.pdf")
    data = docx_bytes("Signed text")
    document.file = SimpleUploadedFile("signed.docx", data)

    document.full_clean()
    document.save()

    document.refresh_from_db()
    assert document.original_filename == "signed.docx"
    assert document.size == len(data)
    assert document.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def _agreement_change_form(agreement):
    """The agreement change form as the admin fills it, parties and documents unchanged."""
    data = {
        "title": agreement.title,
        "slug": agreement.slug,
        "categories": [category.pk for category in agreement.categories.all()],
        "summary": agreement.summary,
        "publication": agreement.publication,
        "status": agreement.status,
        "start_year": "",
        "start_date": "",
        "end_year": "",
        "end_date": "",
        "governance": "",
        "cost_sharing": "",
    }
    parties = [{"id": p.pk, "body": p.body_id, "role": p.role} for p in agreement.parties.all()]
    documents = [{"id": d.pk, "title": d.title, "kind": d.kind} for d in agreement.documents.all()]
    for prefix, rows in (("parties", parties), ("documents", documents), ("savings_claims", [])):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
            data[f"{prefix}-{index}-agreement"] = agreement.pk
    return data


def test_admin_saves_an_agreement_edit_with_its_documents_untouched(admin_client):
    agreement = make_agreement("Old title", parties=[make_body()])
    make_document(agreement)
    data = _agreement_change_form(agreement) | {"title": "New title"}

    response = admin_client.post(
        reverse("admin:agreements_agreement_change", args=[agreement.pk]), data
    )

    assert response.status_code == 302
    assert Agreement.objects.get().title == "New title"


def test_admin_saves_an_agreement_whose_older_document_exceeds_a_newly_lowered_limit(
    admin_client, settings
):
    agreement = make_agreement("Old title", parties=[make_body()])
    make_document(agreement, content=pdf_bytes() + b"\x00" * (2 * MEGABYTE))
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    data = _agreement_change_form(agreement) | {"title": "New title"}

    response = admin_client.post(
        reverse("admin:agreements_agreement_change", args=[agreement.pk]), data
    )

    assert response.status_code == 302
    assert Agreement.objects.get().title == "New title"


def test_document_whose_stored_file_is_missing_can_still_be_validated():
    document = make_document(make_agreement())
    document.file.storage.delete(document.file.name)
    document.title = "Corrected title"

    document.full_clean()


def test_zip_archive_renamed_to_docx_fails_validation():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as contents:
        contents.writestr("payload.js", "alert(1)")

    errors = _file_errors(_unsaved_document("archive.docx", archive.getvalue()))

    assert errors == [
        "“archive.docx” was refused: it carries a web page, script or program (payload.js). "
        "Ask the sender for a plain DOCX copy."
    ]


def test_an_old_word_file_is_refused_with_advice():
    errors = _file_errors(_unsaved_document("minutes.doc", doc_bytes()))

    assert errors == [
        "“minutes.doc” is not an accepted file type. Upload a PDF, DOCX or ODT file. "
        "Save old Word (.doc) files as DOCX or PDF first."
    ]
