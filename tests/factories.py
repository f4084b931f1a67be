"""Small factories for test data: plain functions with sensible defaults, never the fixtures."""

import io
import itertools
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    Party,
    PartyRole,
    SavingsClaim,
    SavingsKind,
)
from contacts.models import Contact, Program, Resource
from drafting.models import Clause, Topic
from municipalities.models import BodyKind, Membership, PublicBody
from portal.models import PublicationStatus, SitePage
from search.models import Synonym
from services.models import ServiceCategory, ServiceKind
from sources.models import Source
from statutes.models import Statute

_counter = itertools.count(1)


def _state(published):
    return PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT


def _unique(prefix):
    return f"{prefix} {next(_counter)}"


def make_category(name=None, *, kind=ServiceKind.COMMUNITY, published=True, **fields):
    name = name or _unique("Service")
    return ServiceCategory.objects.create(
        name=name, slug=fields.pop("slug", slugify(name)), kind=kind,
        publication=_state(published), **fields,
    )  # fmt: skip


def make_body(name=None, *, kind=BodyKind.MUNICIPALITY, member=True, published=True, **fields):
    name = name or _unique("Town")
    return PublicBody.objects.create(
        name=name, slug=fields.pop("slug", slugify(name)), kind=kind, is_cog_member=member,
        publication=_state(published), **fields,
    )  # fmt: skip


def make_statute(citation=None, *, title=None, published=True, **fields):
    citation = citation if citation is not None else f"CGS § 7-{next(_counter)}"
    title = title or _unique("Statute about sharing")
    slug = fields.pop("slug", slugify(citation.replace("§", "")) or slugify(title))
    return Statute.objects.create(
        citation=citation, title=title, slug=slug, publication=_state(published), **fields
    )


def make_agreement(
    title=None,
    *,
    categories=None,
    parties=(),
    statutes=(),
    published=True,
    status=AgreementStatus.ACTIVE,
    **fields,
):
    """An agreement; `parties` is a list of bodies (as lead first, then recipients) or (body, role).

    Without `categories` it gets a new one; pass `categories=[]` for none.
    """
    title = title or _unique("Shared service agreement")
    with transaction.atomic():  # as the admin saves it: indexed once, at the end
        return _make_agreement(title, categories, parties, statutes, published, status, fields)


def make_complete_agreement(title=None, *, published=True, **fields):
    """An agreement with everything publishing asks for: a service, a lead and a source (which
    its new service and lead cite too, so that nothing here lacks a source)."""
    agreement = make_agreement(title, parties=[make_body()], published=published, **fields)
    source = make_source()
    for item in (agreement, *agreement.categories.all(), *agreement.bodies.all()):
        item.sources.add(source)
    return agreement


def _make_agreement(title, categories, parties, statutes, published, status, fields):
    agreement = Agreement.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)), status=status,
        publication=_state(published), **fields,
    )  # fmt: skip
    agreement.categories.set([make_category()] if categories is None else categories)
    agreement.statutes.set(statutes)
    for index, party in enumerate(parties):
        body, role = (
            party
            if isinstance(party, tuple)
            else (party, PartyRole.LEAD if index == 0 else PartyRole.RECIPIENT)
        )
        Party.objects.create(agreement=agreement, body=body, role=role)
    return agreement


def make_source(title=None, **fields):
    title = title or _unique("Report on sharing")
    url = fields.pop("url", f"https://news.example.org/{slugify(title)}")
    return Source.objects.create(title=title, url=url, **fields)


def make_savings_claim(agreement, amount=31000, *, year=2013, kind=SavingsKind.PROJECTED, **fields):
    source = fields.pop("source", None) or make_source()
    return SavingsClaim.objects.create(
        agreement=agreement, amount=amount, year=year, kind=kind, source=source, **fields
    )


def make_membership(body, member, **fields):
    return Membership.objects.create(body=body, member=member, **fields)


def pdf_bytes(text="Test agreement", catalog=b""):
    """A tiny but well-formed one-page PDF; with `text=None`, a page with no text layer (as a
    scan is: here a drawn line stands in for the picture). `catalog` adds entries to the
    document catalog, e.g. an /OpenAction."""
    if text is None:
        stream = b"0 0 m 300 300 l S"
    else:
        stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes(text="Test agreement"):
    """A minimal Word document that Word and LibreOffice open."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        docx.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def odt_bytes(text="Test agreement"):
    """A minimal OpenDocument text file: `mimetype` first and stored, then content.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        odt.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        odt.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return out.getvalue()


def make_document(agreement, *, filename="agreement.pdf", content=None, title=None, **fields):
    if content is None:
        makers = {".docx": docx_bytes, ".odt": odt_bytes}
        content = makers.get(filename[filename.rfind(".") :], pdf_bytes)()
    document = AgreementDocument(
        agreement=agreement, title=title or _unique("Signed agreement"),
        file=SimpleUploadedFile(filename, content), **fields,
    )  # fmt: skip
    document.full_clean()
    document.save()
    return document


def make_program(name=None, *, acronym="", published=True, **fields):
    name = name or _unique("Program")
    return Program.objects.create(
        name=name, acronym=acronym, slug=fields.pop("slug", slugify(name)),
        publication=_state(published), **fields,
    )  # fmt: skip


def make_contact(name=None, *, programs=(), published=True, **fields):
    name = name or _unique("Contact Person")
    contact = Contact.objects.create(
        name=name, slug=fields.pop("slug", slugify(name)), publication=_state(published), **fields
    )
    contact.programs.set(programs)
    return contact


def make_resource(title=None, *, published=True, **fields):
    title = title or _unique("Guide to sharing")
    return Resource.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)),
        url=fields.pop("url", "https://example.org/guide"), publication=_state(published),
        **fields,
    )  # fmt: skip


def make_page(title=None, *, published=True, **fields):
    title = title or _unique("About")
    return SitePage.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)),
        body=fields.pop("body", "Some *prose*."), publication=_state(published), **fields,
    )  # fmt: skip


# The factory for each model the public sees; tests that cover "every public model" use this.
PUBLIC_FACTORIES = {
    SitePage: make_page,
    ServiceCategory: make_category,
    PublicBody: make_body,
    Statute: make_statute,
    Agreement: make_agreement,
    Program: make_program,
    Contact: make_contact,
    Resource: make_resource,
}


def make_clause(title=None, *, topic=Topic.GENERAL, option="", published=True, **fields):
    """A clause of the draft builder's library (not a public page: not in PUBLIC_FACTORIES)."""
    title = title or _unique("Clause")
    return Clause.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)), topic=topic, option=option,
        text=fields.pop("text", "The Parties agree."), publication=_state(published), **fields,
    )  # fmt: skip


def make_synonym(term="trash", meaning="solid waste", **fields):
    """Creates or replaces: the starter list (a data migration) may hold the term already."""
    synonym, _ = Synonym.objects.update_or_create(
        term=term, defaults={"meaning": meaning, **fields}
    )
    return synonym
