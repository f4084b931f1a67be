"""Checks for uploaded agreement documents: type by extension and content, size, and what is
inside (agreements.inspection)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from agreements.inspection import Refused, inspect

# extension -> (content type, accepted leading bytes)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
}
ACCEPT_ATTRIBUTE = ",".join(sorted(ALLOWED_TYPES))
# Old Word files are no longer accepted (their format cannot be checked for what it carries),
# but those stored before still download with their type.
STORED_TYPES = {**ALLOWED_TYPES, ".doc": ("application/msword", (_OLE,))}


def max_upload_bytes() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def content_type_for(name: str) -> str:
    return STORED_TYPES.get(Path(name).suffix.lower(), ("application/octet-stream",))[0]


def _size_text(size: int, limit: int) -> tuple[str, str]:
    """Human sizes, or exact bytes when rounding would make them look equal."""
    if filesizeformat(size) == filesizeformat(limit):
        return f"{size:,} bytes", f"{limit:,} bytes"
    return filesizeformat(size), filesizeformat(limit)


def validate_document_file(upload) -> None:
    """Reject files that are not PDF, DOCX or ODT, are too large or empty, or carry danger.

    Only new uploads are checked: a file already stored passed when it came in, and must not
    block edits later (after the size limit is lowered, or when storage lost the file).
    """
    if getattr(upload, "_committed", False):
        return
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        advice = " Save old Word (.doc) files as DOCX or PDF first." if suffix == ".doc" else ""
        raise ValidationError(
            "“%(name)s” is not an accepted file type. Upload a PDF, DOCX or ODT file.%(advice)s",
            code="file_type",
            params={"name": Path(upload.name).name, "advice": advice},
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
    upload.seek(position)
    name, kind = Path(upload.name).name, suffix[1:].upper()
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            "“%(name)s” does not look like a real %(kind)s file. It may be damaged or renamed.",
            code="file_content",
            params={"name": name, "kind": kind},
        )
    try:
        inspect(upload, suffix)
    except Refused as refusal:
        raise ValidationError(
            "“%(name)s” was refused: %(reason)s. Ask the sender for a plain %(kind)s copy.",
            code="file_refused",
            params={"name": name, "reason": str(refusal), "kind": kind},
        ) from None
    finally:
        upload.seek(position)
