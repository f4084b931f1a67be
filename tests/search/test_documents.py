"""Search inside uploaded documents: PDF, DOCX and ODT text, read safely (both databases)."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from agreements.models import AgreementDocument
from search.engine import search_site
from search.extract import TextStatus, extract_text
from search.models import Document
from tests.factories import (
    docx_bytes,
    make_agreement,
    make_document,
    odt_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def bomb(part="word/document.xml", size=64 * 1024 * 1024, entries=0):
    """A DOCX-shaped archive whose text part inflates from a few kB to `size` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(part, "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body><w:p><w:t>')
            block = b" " * (1024 * 1024)
            for _ in range(size // len(block)):
                stream.write(block)
            stream.write(b"</w:t></w:p></w:body></w:document>")
        for number in range(entries):
            archive.writestr(f"extra/{number}.xml", "")
    return out.getvalue()


def agreement_found_by(q):
    return [agreement.title for agreement in search_site(q).group("agreement").results]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("signed.pdf", pdf_bytes("The parties share one zebrafish hatchery")),
        ("signed.docx", docx_bytes("The parties share one zebrafish hatchery")),
        ("signed.odt", odt_bytes("The parties share one zebrafish hatchery")),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_words_inside_an_uploaded_document_find_its_agreement(filename, content):
    agreement = make_agreement("Fish and wildlife cooperation")
    document = make_document(agreement, filename=filename, content=content, title="Signed text")

    assert document.text_status == TextStatus.OK
    assert "zebrafish hatchery" in document.text
    assert agreement_found_by("zebrafish") == ["Fish and wildlife cooperation"]
    assert agreement_found_by("hatcheries") == ["Fish and wildlife cooperation"]  # stemmed


def test_a_result_found_through_a_document_says_so_with_the_documents_title(client):
    agreement = make_agreement("Fish and wildlife cooperation", summary="Towns share staff.")
    make_document(
        agreement,
        filename="signed.pdf",
        content=pdf_bytes("Article 4. The parties share one zebrafish hatchery."),
        title="Signed agreement of 2019",
    )

    html = client.get(reverse("search:search"), {"q": "zebrafish"}).content.decode()

    assert "Found in the document “Signed agreement of 2019”" in html
    assert "<mark>zebrafish</mark>" in html


def test_document_text_ranks_below_the_title_and_summary():
    in_title = make_agreement("Zebrafish hatchery")
    in_summary = make_agreement("Fish cooperation", summary="A zebrafish hatchery.")
    in_document = make_agreement("Wildlife cooperation")
    make_document(in_document, content=pdf_bytes("A zebrafish hatchery"))

    titles = agreement_found_by("zebrafish")

    assert titles == [in_title.title, in_summary.title, in_document.title]


def test_a_draft_agreements_document_text_is_never_found(client):
    draft = make_agreement("Fish cooperation", published=False)
    make_document(draft, content=pdf_bytes("The zebrafish hatchery"))

    assert agreement_found_by("zebrafish") == []
    library = client.get("/agreements/", {"q": "zebrafish"}).content.decode()
    assert "Fish cooperation" not in library
    assert search_site("zebrafish").total == 0


def test_replacing_the_file_reads_the_new_text_and_deleting_it_forgets_it():
    agreement = make_agreement("Fish cooperation")
    document = make_document(agreement, content=pdf_bytes("zebrafish hatchery"))

    document.file = SimpleUploadedFile("new.pdf", pdf_bytes("salmon ladder"))
    document.save()

    assert agreement_found_by("salmon") == ["Fish cooperation"]
    assert agreement_found_by("zebrafish") == []

    document.delete()

    assert agreement_found_by("salmon") == []
    assert "salmon" not in Document.objects.get(kind="agreement").extra


def test_a_scanned_pdf_is_flagged_to_staff(superuser_client):
    agreement = make_agreement("Fish cooperation")
    document = make_document(agreement, content=pdf_bytes(None), title="Scanned minutes")

    assert document.text_status == TextStatus.NO_TEXT
    assert document.has_no_text_layer
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    html = superuser_client.get(change).content.decode()
    assert "No text found — scanned?" in html
    listing = reverse("admin:agreements_agreementdocument_changelist")
    filtered = superuser_client.get(listing, {"text_status__exact": TextStatus.NO_TEXT})
    assert "Scanned minutes" in filtered.content.decode()


def test_an_old_word_file_stored_before_is_kept_but_marked_unsearched():
    agreement = make_agreement("Fish cooperation")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    # Uploads of .doc are refused now; files stored earlier stay (saved without validation).
    document = AgreementDocument(
        agreement=agreement, title="Old", file=SimpleUploadedFile("old.doc", ole)
    )
    document.save()

    assert document.text_status == TextStatus.UNSUPPORTED


def test_a_damaged_pdf_is_reported_not_raised():
    extraction = extract_text(io.BytesIO(b"%PDF-1.4\nthis is not really a pdf"), "broken.pdf")

    assert extraction.status in {TextStatus.UNREADABLE, TextStatus.NO_TEXT}
    assert extraction.text == ""


def test_a_zip_bomb_is_refused_without_being_unpacked(settings):
    settings.SEARCH_EXTRACT_MAX_PART_BYTES = 8 * 1024 * 1024
    settings.SEARCH_EXTRACT_MAX_TOTAL_BYTES = 16 * 1024 * 1024
    data = bomb(size=64 * 1024 * 1024)  # 64 MB of spaces in well under 1 MB
    assert len(data) < 1024 * 1024

    tracemalloc.start()
    try:
        extraction = extract_text(io.BytesIO(data), "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert extraction.status == TextStatus.REFUSED
    assert peak < 4 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_zip_bomb_that_hides_its_size_is_stopped_within_the_cap(settings):
    """An archive may lie about sizes in its directory; the stream is counted as it inflates."""
    settings.SEARCH_EXTRACT_MAX_PART_BYTES = 4 * 1024 * 1024
    data = bytearray(bomb(size=32 * 1024 * 1024))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # Forge the declared size in the central directory (the 64-bit one this archive uses).
    real = info.file_size.to_bytes(8, "little")
    forged = (1024).to_bytes(8, "little")
    assert bytes(data).count(real) >= 1
    data = bytes(data).replace(real, forged)

    tracemalloc.start()
    try:
        extraction = extract_text(io.BytesIO(data), "bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert extraction.status in {TextStatus.REFUSED, TextStatus.UNREADABLE}
    assert extraction.text == ""
    assert peak < 12 * 1024 * 1024, f"peak {peak:,} bytes"


def test_uploading_a_zip_bomb_is_refused_with_a_clear_message(settings):
    settings.SEARCH_EXTRACT_MAX_TOTAL_BYTES = 16 * 1024 * 1024
    agreement = make_agreement("Fish cooperation")
    document = AgreementDocument(
        agreement=agreement,
        title="Bomb",
        file=SimpleUploadedFile("bomb.docx", bomb(size=32 * 1024 * 1024)),
    )

    with pytest.raises(ValidationError) as error:
        document.full_clean()

    assert "was refused: it unpacks to 32 MB" in str(error.value)


def test_uploading_an_archive_of_too_many_entries_is_refused(settings):
    settings.SEARCH_EXTRACT_MAX_ENTRIES = 50
    agreement = make_agreement("Fish cooperation")
    document = AgreementDocument(
        agreement=agreement,
        title="Many",
        file=SimpleUploadedFile("many.docx", bomb(size=1024 * 1024, entries=100)),
    )

    with pytest.raises(ValidationError) as error:
        document.full_clean()

    assert "it holds 102 files (at most 50 are accepted)" in str(error.value)


def test_an_odt_whose_mimetype_member_is_a_bomb_is_refused_quickly(settings):
    settings.SEARCH_EXTRACT_MAX_TOTAL_BYTES = 16 * 1024 * 1024
    agreement = make_agreement("Fish cooperation")
    document = AgreementDocument(
        agreement=agreement,
        title="Bomb",
        file=SimpleUploadedFile("bomb.odt", bomb(part="mimetype", size=32 * 1024 * 1024)),
    )

    with pytest.raises(ValidationError):
        document.full_clean()


def test_a_long_pdf_is_read_up_to_the_page_limit(settings):
    settings.SEARCH_EXTRACT_MAX_PAGES = 1
    from pypdf import PdfWriter

    writer = PdfWriter()
    for text in ("first page kennel", "second page hatchery"):
        writer.append(io.BytesIO(pdf_bytes(text)))
    out = io.BytesIO()
    writer.write(out)

    extraction = extract_text(io.BytesIO(out.getvalue()), "long.pdf")

    assert extraction.status == TextStatus.PARTIAL
    assert "kennel" in extraction.text and "hatchery" not in extraction.text


def test_rebuild_search_index_reads_the_files_again():
    agreement = make_agreement("Fish cooperation")
    document = make_document(agreement, content=pdf_bytes("zebrafish hatchery"))
    AgreementDocument.objects.filter(pk=document.pk).update(text="", text_status="")
    Document.objects.all().delete()

    call_command("rebuild_search_index", verbosity=0)

    document.refresh_from_db()
    assert document.text_status == TextStatus.OK
    assert agreement_found_by("zebrafish") == ["Fish cooperation"]
