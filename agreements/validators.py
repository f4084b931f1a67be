"""Checks for uploaded agreement documents: type by extension and content, and size."""

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from search.extract import check_archive, read_member_head

# extension -> (content type, accepted leading bytes)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    ".doc": ("application/msword", (_OLE,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
}
ACCEPT_ATTRIBUTE = ",".join(sorted(ALLOWED_TYPES))


def max_upload_bytes() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def content_type_for(name: str) -> str:
    return ALLOWED_TYPES.get(Path(name).suffix.lower(), ("application/octet-stream",))[0]


def _size_text(size: int, limit: int) -> tuple[str, str]:
    """Human sizes, or exact bytes when rounding would make them look equal."""
    if filesizeformat(size) == filesizeformat(limit):
        return f"{size:,} bytes", f"{limit:,} bytes"
    return filesizeformat(size), filesizeformat(limit)


def _zip_member_check(upload, suffix: str) -> bool:
    """A DOCX must hold word/document.xml; an ODT names its type in `mimetype`.

    Only the archive's directory and the first bytes of `mimetype` are read: a member that
    unpacks to gigabytes is never unpacked here.
    """
    if suffix == ".odt":
        head = read_member_head(upload, "mimetype", 100)
        return head is not None and head.strip() == ALLOWED_TYPES[".odt"][0].encode()
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except Exception:  # damaged in any way: not a real DOCX
        return False


def validate_document_file(upload) -> None:
    """Reject files that are not PDF, DOCX, DOC or ODT, or that are too large or empty.

    Only new uploads are checked: a file already stored passed when it came in, and must not
    block edits later (after the size limit is lowered, or when storage lost the file).
    """
    if getattr(upload, "_committed", False):
        return
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(
            "“%(name)s” is not an accepted file type. Upload a PDF, DOCX, DOC or ODT file.",
            code="file_type",
            params={"name": Path(upload.name).name},
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > max_upload_bytes():
        size, limit = _size_text(upload.size, max_upload_bytes())
        raise ValidationError(
            "The file is %(size)s; the limit is %(limit)s.",
            code="file_size",
            params={"size": size, "limit": limit},
        )
    _, signatures = ALLOWED_TYPES[suffix]
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    valid = any(head.startswith(sig) for sig in signatures)
    refusal = None
    if valid and suffix in (".docx", ".odt"):
        upload.seek(0)
        refusal = check_archive(upload)
        valid = refusal is None and _zip_member_check(upload, suffix)
    upload.seek(position)
    if refusal:
        raise ValidationError(
            "“%(name)s” was refused: %(reason)s. A real document is far smaller when unpacked; "
            "this file may be damaged or built to harm the server.",
            code="file_archive",
            params={"name": Path(upload.name).name, "reason": refusal},
        )
    if not valid:
        raise ValidationError(
            "“%(name)s” does not look like a real %(kind)s file. It may be damaged or renamed.",
            code="file_content",
            params={"name": Path(upload.name).name, "kind": suffix[1:].upper()},
        )
