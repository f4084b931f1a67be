"""Text from uploaded files (PDF, DOCX, ODT), read with bounded memory and time.

`extract_text(fileobj, name)` never raises on bad input: it returns an `Extraction` whose
status says what happened, for staff to see in the admin.

- PDF: pypdf, at most `MAX_PAGES` pages and `MAX_SECONDS` seconds; pypdf's own caps on
  decompressed streams apply. A PDF whose pages hold no text is
  flagged NO_TEXT ("scanned?").
- DOCX and ODT are zip archives of XML. Before anything is decompressed, the archive's
  directory is checked (at most `MAX_ENTRIES` entries, `MAX_TOTAL_BYTES` declared), and the one
  part holding the text is then streamed through an incremental XML parser, counting the bytes
  that come out: past `MAX_PART_BYTES` it stops and the file is REFUSED as a probable zip bomb.
  Only the text is kept, never a whole tree; a DOCTYPE (entity tricks) is refused.
- Stored text is cut at `MAX_TEXT_CHARS`.

The limits come from settings (SEARCH_EXTRACT_*), with the defaults below.
"""

import contextlib
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return getattr(settings, f"SEARCH_EXTRACT_{name}", default)


def limits() -> dict[str, int]:
    return {
        "pages": _setting("MAX_PAGES", 500),
        "seconds": _setting("MAX_SECONDS", 30),
        "part_bytes": _setting("MAX_PART_BYTES", 50 * 1024 * 1024),
        "total_bytes": _setting("MAX_TOTAL_BYTES", 200 * 1024 * 1024),
        "entries": _setting("MAX_ENTRIES", 5000),
        "text_chars": _setting("MAX_TEXT_CHARS", 2_000_000),
    }


class TextStatus(models.TextChoices):
    PENDING = "", "Not read yet"
    OK = "ok", "Text found and searchable"
    PARTIAL = "partial", "Only the first part was read (very long file)"
    NO_TEXT = (
        "no_text",
        "No text found — scanned? Upload a PDF with a text layer to make it searchable",
    )
    REFUSED = "refused", "Refused: the file unpacks to far more than its size (zip bomb?)"
    UNREADABLE = "unreadable", "The text could not be read (damaged or protected file)"
    UNSUPPORTED = "unsupported", "Not searched: old Word (.doc) files are not read"


@dataclass(frozen=True)
class Extraction:
    text: str
    status: str


class _Refused(Exception):
    """The file would take more than the limits allow to read."""


_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_WORDS = re.compile(r"\w{2,}")


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\x00", " "))
    return _BLANK_LINES.sub("\n\n", text).strip()


def extract_text(fileobj, name: str) -> Extraction:
    """The text of an uploaded file; `fileobj` is read from its start and left there."""
    suffix = Path(name).suffix.lower()
    reader = {".pdf": _pdf, ".docx": _docx, ".odt": _odt}.get(suffix)
    if reader is None:
        return Extraction("", TextStatus.UNSUPPORTED)
    limit = limits()
    try:
        fileobj.seek(0)
        text, complete = reader(fileobj, limit)
    except _Refused as refusal:
        logger.warning("Refused to read %s: %s", name, refusal)
        return Extraction("", TextStatus.REFUSED)
    except Exception:  # a damaged file must never break an upload
        logger.info("Could not read the text of %s", name, exc_info=True)
        return Extraction("", TextStatus.UNREADABLE)
    finally:
        with contextlib.suppress(OSError, ValueError):
            fileobj.seek(0)
    text = _tidy(text)
    if len(text) > limit["text_chars"]:
        text, complete = text[: limit["text_chars"]], False
    if not _WORDS.search(text):
        return Extraction("", TextStatus.NO_TEXT)
    return Extraction(text, TextStatus.OK if complete else TextStatus.PARTIAL)


# --- PDF ----------------------------------------------------------------------------------------


def _pdf(fileobj, limit) -> tuple[str, bool]:
    import pypdf

    # pypdf bounds what any one stream may inflate to (75 MB by default): a PDF deflate bomb
    # raises, and is reported as unreadable.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(fileobj, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    started = time.monotonic()
    parts, size, complete = [], 0, True
    for number, page in enumerate(reader.pages):
        if number >= limit["pages"] or time.monotonic() - started > limit["seconds"]:
            complete = False
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > limit["text_chars"]:
            complete = False
            break
    return "\n\n".join(parts), complete


# --- DOCX and ODT -------------------------------------------------------------------------------

_CHUNK = 64 * 1024


def declared_entries(fileobj) -> int | None:
    """How many files a zip archive says it holds, read from its end record alone.

    Reading the whole directory of an archive claiming 200,000 entries would itself cost
    memory, so the count is checked first. ZIP64 archives (0xFFFF) count as too many: office
    documents never need them.
    """
    fileobj.seek(0, 2)
    size = fileobj.tell()
    tail_size = min(size, 65_536 + 22)
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    fileobj.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def _open_part(fileobj, part: str, limit):
    count = declared_entries(fileobj)
    if count is not None and count > limit["entries"]:
        raise _Refused(f"{count} entries")
    archive = zipfile.ZipFile(fileobj)
    entries = archive.infolist()
    if len(entries) > limit["entries"]:
        raise _Refused(f"{len(entries)} entries")
    declared = sum(entry.file_size for entry in entries)
    if declared > limit["total_bytes"]:
        raise _Refused(f"{declared} bytes declared")
    info = archive.getinfo(part)
    if info.file_size > limit["part_bytes"]:
        raise _Refused(f"{part} declares {info.file_size} bytes")
    return archive, archive.open(info)


def _stream_xml(stream, limit, paragraph_tags: set[str], extra_text) -> tuple[str, bool]:
    """Text of the paragraphs of a streamed XML part; counts what comes out of the archive."""
    parser = XMLPullParser(events=("start", "end"))
    parts, size, read, first, root = [], 0, 0, True, None
    started = time.monotonic()
    while chunk := stream.read(_CHUNK):
        read += len(chunk)
        if read > limit["part_bytes"]:
            raise _Refused(f"more than {limit['part_bytes']} bytes when unpacked")
        if time.monotonic() - started > limit["seconds"]:
            return "\n".join(parts), False
        if first and b"<!DOCTYPE" in chunk[:2048].upper():
            raise _Refused("DOCTYPE in an office part")
        first = False
        parser.feed(chunk)
        for event, element in parser.read_events():
            if event == "start":
                root = root if root is not None else element
                continue
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in paragraph_tags:
                text = "".join(extra_text(element))
                if text:
                    parts.append(text)
                    size += len(text)
                element.clear()
                if size > limit["text_chars"]:
                    return "\n".join(parts), False
    parser.close()
    return "\n".join(parts), True


def _docx_runs(paragraph):
    for node in paragraph.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t" and node.text:
            yield node.text
        elif tag == "tab":
            yield "\t"
        elif tag in {"br", "cr"}:
            yield "\n"


def _docx(fileobj, limit) -> tuple[str, bool]:
    archive, stream = _open_part(fileobj, "word/document.xml", limit)
    with archive, stream:
        return _stream_xml(stream, limit, {"p"}, _docx_runs)


def _odt_text(paragraph):
    # Text and tails of every node, with ODF's space, tab and line-break elements.
    def walk(node):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "s":
            yield " " * int(node.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1"))
        elif tag == "tab":
            yield "\t"
        elif tag == "line-break":
            yield "\n"
        if node.text:
            yield node.text
        for child in node:
            yield from walk(child)
            if child.tail:
                yield child.tail

    return walk(paragraph)


def _odt(fileobj, limit) -> tuple[str, bool]:
    archive, stream = _open_part(fileobj, "content.xml", limit)
    with archive, stream:
        return _stream_xml(stream, limit, {"p", "h"}, _odt_text)


def check_archive(fileobj, limit=None) -> str | None:
    """Why a DOCX or ODT archive must be refused before anything is unpacked, or None."""
    limit = limit or limits()
    try:
        count = declared_entries(fileobj)
        if count is not None and count > limit["entries"]:
            return f"it holds {count:,} files (at most {limit['entries']:,} are accepted)"
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not ours to judge here: the content check says it is not a real file
    if len(entries) > limit["entries"]:
        return f"it holds {len(entries):,} files (at most {limit['entries']:,} are accepted)"
    declared = sum(entry.file_size for entry in entries)
    if declared > limit["total_bytes"]:
        return (
            f"it unpacks to {declared // (1024 * 1024):,} MB "
            f"(at most {limit['total_bytes'] // (1024 * 1024):,} MB are accepted)"
        )
    return None


def read_member_head(fileobj, member: str, size: int = 256) -> bytes | None:
    """The first bytes of one archive member, without unpacking the rest of it."""
    try:
        with zipfile.ZipFile(fileobj) as archive, archive.open(member) as stream:
            return stream.read(size)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
