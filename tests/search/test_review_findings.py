"""What a hostile review of the search app found, each pinned by a test (both databases)."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from agreements.models import AgreementDocument
from search.engine import Search, search_site
from search.extract import TextStatus, extract_text
from search.indexing import MAX_EXTRA_CHARS
from search.models import Document
from tests.factories import (
    docx_bytes,
    make_agreement,
    make_body,
    make_contact,
    make_document,
    make_program,
    make_statute,
    odt_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def titles(q, kind="agreement"):
    return [str(obj) for obj in search_site(q).group(kind).results]


def zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_of(document_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["word/document.xml"] = document_xml
    return zip_with(members)


def odt_of(content_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(odt_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = content_xml if info.filename == "content.xml" else source.read(info)
            archive.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def peak_while(function):
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- Freshness ----------------------------------------------------------------------------------


def test_a_document_moved_to_a_draft_takes_its_text_away_from_the_public_agreement():
    public = make_agreement("Fish cooperation")
    draft = make_agreement("Secret plans", published=False)
    document = make_document(public, content=pdf_bytes("zeppelin hangar"))
    assert titles("zeppelin") == ["Fish cooperation"]

    document.agreement = draft
    document.save()

    assert titles("zeppelin") == []
    assert "zeppelin" not in Document.objects.get(object_id=public.pk, kind="agreement").extra


def _program_form(program, contacts, prefix):
    data = {
        "name": program.name, "acronym": "", "slug": program.slug, "administering_body": "",
        "summary": "", "description": "", "eligibility": "", "website": "", "order": "0",
        "publication": "published", "record_notes": "",
        f"{prefix}-TOTAL_FORMS": str(len(contacts)), f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for number, contact in enumerate(contacts):
        data[f"{prefix}-{number}-contact"] = contact.pk
    return data


def test_a_contact_added_in_the_programs_admin_inline_is_found_by_the_program(
    superuser_client,
):
    program = make_program("Floodplain mapping program")
    contact = make_contact("Robyn Nichols")
    url = reverse("admin:contacts_program_change", args=[program.pk])
    html = superuser_client.get(url).content.decode()
    prefix = re.search(r'name="([^"]+)-TOTAL_FORMS"', html).group(1)

    # The inline saves a row of the automatic many-to-many table, which sends no signal.
    response = superuser_client.post(url, _program_form(program, [contact], prefix))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(contact.programs.all()) == [program]
    assert titles("floodplain", "contact") == ["Robyn Nichols"]


def test_a_change_that_no_agreement_shows_does_not_reindex_them(monkeypatch):
    from agreements.search import AgreementSearch

    town = make_body("Bolton")
    make_agreement("Animal control", parties=[town])
    indexed, text = [], AgreementSearch.text
    monkeypatch.setattr(
        AgreementSearch, "text", lambda self, a: indexed.append(a.pk) or text(self, a)
    )

    town.website = "https://bolton.example.org"
    town.save()  # as the admin saves: no update_fields
    assert indexed == []

    town.name = "Bolton Center"
    town.save()
    assert len(indexed) == 1


# --- Big files, on both databases ----------------------------------------------------------------


def test_a_document_with_a_huge_vocabulary_is_indexed_up_to_the_cap():
    agreement = make_agreement("Fish cooperation")
    words = " ".join(f"zq{n:06d}x" for n in range(200_000))  # 2.2 MB of distinct words
    make_document(agreement, content=pdf_bytes("hatchery " + words[:60]))
    document = AgreementDocument.objects.get()
    AgreementDocument.objects.filter(pk=document.pk).update(text="hatchery " + words)
    agreement.save()  # re-index with the long text: must not fail on PostgreSQL's limits

    indexed = Document.objects.get(kind="agreement", object_id=agreement.pk)
    assert len(indexed.extra) <= MAX_EXTRA_CHARS
    assert titles("hatchery") == ["Fish cooperation"]


# --- Reading files safely ------------------------------------------------------------------------


def test_an_odt_asking_for_a_hundred_million_spaces_gets_a_few():
    bomb = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        b'<office:text><text:p>kennel<text:s text:c="100000000"/>shelter</text:p>'
        b"</office:text></office:body></office:document-content>"
    )

    extraction, peak = peak_while(lambda: extract_text(io.BytesIO(odt_of(bomb)), "s.odt"))

    assert extraction.status == TextStatus.OK
    assert "kennel" in extraction.text and "shelter" in extraction.text
    assert peak < 4 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_doctype_hidden_after_padding_is_refused():
    padding = b"<!--" + b"x" * 4096 + b"-->"
    xml = (
        padding + b'<!DOCTYPE w [<!ENTITY a "' + b"A" * 1000 + b'">]>'
        b'<w:document xmlns:w="urn:w"><w:body><w:p><w:t>' + b"&a;" * 2000 + b"</w:t>"
        b"</w:p></w:body></w:document>"
    )

    extraction, peak = peak_while(lambda: extract_text(io.BytesIO(docx_of(xml)), "d.docx"))

    assert extraction.status == TextStatus.REFUSED
    assert peak < 4 * 1024 * 1024, f"peak {peak:,} bytes"


def test_half_a_million_empty_elements_keep_memory_small():
    body = b"<w:x/>" * 500_000  # 3 MB of elements that are not paragraphs (a tree: 50+ MB)
    xml = b'<w:document xmlns:w="urn:w"><w:body><w:p><w:t>kennel</w:t></w:p>' + body
    xml += b"</w:body></w:document>"

    extraction, peak = peak_while(lambda: extract_text(io.BytesIO(docx_of(xml)), "x.docx"))

    assert extraction.text == "kennel"
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def test_an_end_record_that_understates_the_directory_is_refused_unread(settings):
    settings.SEARCH_EXTRACT_MAX_ENTRIES = 100
    data = bytearray(zip_with({f"p/{n:05d}.xml": b"" for n in range(2000)}))
    at = bytes(data).rfind(b"PK\x05\x06")
    data[at + 8 : at + 12] = (1).to_bytes(2, "little") * 2  # "one entry"

    extraction = extract_text(io.BytesIO(bytes(data)), "liar.docx")

    assert extraction.status == TextStatus.REFUSED


@pytest.mark.parametrize("flaw", ["encrypted", "unknown-compression", "bad-deflate"])
def test_a_damaged_odt_upload_gets_a_message_not_a_crash(flaw):
    data = bytearray(odt_bytes())
    header = bytes(data).find(b"PK\x03\x04")  # the first member, `mimetype`
    central = bytes(data).find(b"PK\x01\x02")
    if flaw == "encrypted":
        for at in (header + 6, central + 8):
            data[at] |= 0x01
    elif flaw == "unknown-compression":
        for at in (header + 8, central + 10):
            data[at : at + 2] = (99).to_bytes(2, "little")
    else:
        for at in (header + 8, central + 10):
            data[at : at + 2] = (8).to_bytes(2, "little")  # says deflate; it is stored
    document = AgreementDocument(
        agreement=make_agreement("Damaged"), title="Damaged",
        file=SimpleUploadedFile("damaged.odt", bytes(data)),
    )  # fmt: skip

    with pytest.raises(ValidationError):
        document.full_clean()


# --- What residents see --------------------------------------------------------------------------


def test_words_of_unpublished_content_are_not_suggested():
    agreement = make_agreement("Quixotically named compact")
    assert Search("quixoticaly").site().suggestion == "quixotically"

    agreement.publication = "draft"
    agreement.save()

    assert Search("quixoticaly").site().suggestion is None


def test_a_suggestion_keeps_the_question_mark_and_changes_the_word():
    make_agreement("Regional building inspection")

    assert Search("who does inspecton?").site().suggestion == "who does inspection?"


def test_an_ampersand_is_shown_once_and_never_searched_as_amp(client):
    make_agreement("Regional kennel", summary="The towns share one dog pound & a van.")

    html = client.get(reverse("search:search"), {"q": "pound"}).content.decode()

    assert "<mark>pound</mark> &amp; a van" in html
    assert "&amp;amp;" not in html
    assert search_site("amp").total == 0


def test_a_hyphenated_word_finds_the_words_apart():
    make_agreement("Eastern Highlands health district")

    assert titles("health-district") == ["Eastern Highlands health district"]


def test_text_after_a_literal_style_tag_is_still_found():
    agreement = make_agreement("Fish cooperation")
    make_document(agreement, content=pdf_bytes("The notes say <style> then zeppelin hangar"))

    assert titles("zeppelin") == ["Fish cooperation"]


def test_a_quoted_small_word_finds_nothing_on_either_database():
    make_agreement("The regional kennel")

    assert search_site('"the"').total == 0


def test_every_kind_can_list_all_its_matches_page_by_page(client):
    for number in range(25):
        make_statute(f"CGS § 7-{900 + number}", title=f"Kennel law {number}")

    first = client.get(reverse("search:search"), {"q": "kennel"}).content.decode()
    assert "See all 25 statutes" in first
    listing = client.get(reverse("search:search"), {"q": "kennel", "kind": "statute"})
    html = listing.content.decode()
    assert "25 statutes for “kennel”, page 1 of 2" in html
    assert html.count('class="result"') == 20
    second = client.get(
        reverse("search:search"), {"q": "kennel", "kind": "statute", "page": "2"}
    ).content.decode()
    assert second.count('class="result"') == 5
    odd = client.get(reverse("search:search"), {"q": "kennel", "kind": "nope", "page": "x"})
    assert odd.status_code == 200


@pytest.mark.postgres
def test_the_check_watches_the_trigram_index():
    from django.db import transaction

    from search.checks import fulltext_index_present

    class Restore(Exception):
        pass

    with pytest.raises(Restore), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_word_trgm")
        errors = fulltext_index_present(databases=["default"])
        assert [e.id for e in errors] == ["search.E001"] and "trigram" in errors[0].msg
        raise Restore
