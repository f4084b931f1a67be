"""Text from uploaded files (PDF, DOCX, ODT), read with bounded memory and time.

`extract_text(fileobj, name)` never raises on bad input: it returns an `Extraction` whose
status says what happened, for staff to see in the admin.

- PDF: pypdf, at most `MAX_PAGES` pages and `MAX_SECONDS` seconds; pypdf's own caps on
  decompressed streams apply. A PDF whose pages hold no text is
  flagged NO_TEXT ("scanned?").
- DOCX and ODT are zip archives of XML. Before anything is decompressed, the archive's
  directory is checked (at most `MAX_ENTRIES` entries, `MAX_TOTAL_BYTES` declared), and the one
  part holding the text is then streamed through expat, counting the bytes that come out:
  past `MAX_PART_BYTES` it stops and the file is REFUSED as a probable zip bomb. Only the
  text is kept, never a tree; a DOCTYPE or entity declaration is refused wherever it is.
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
from xml.parsers import expat

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
# Bytes of central directory an archive may have per entry allowed (names are short in
# office files): a directory far larger than its entry count says is refused unread.
_DIRECTORY_BYTES_PER_ENTRY = 512


def declared_entries(fileobj) -> int | None:
    """How many files a zip archive says it holds, read from its end record alone.

    Reading the whole directory of an archive claiming 200,000 entries would itself cost
    memory, so the count is checked first; and since the directory is read by its size, not
    its count, a directory larger than its count allows counts as that many entries. ZIP64
    archives (0xFFFF) count as too many: office documents never need them.
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
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    return max(count, directory // _DIRECTORY_BYTES_PER_ENTRY)


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


# ODF's <text:s text:c="n"/> stands for n spaces; more than this many are never needed.
_MAX_SPACES = 100


class _TextCollector:
    """Expat handlers that keep only paragraph text: no tree, no DTD, no entities.

    `text_tags` are the elements whose character data is text (DOCX's <w:t>; for ODT the
    paragraphs themselves), `paragraph_tags` end a paragraph.
    """

    def __init__(self, limit, paragraph_tags, text_tags, everything_in_paragraph):
        self.limit = limit
        self.paragraph_tags = paragraph_tags
        self.text_tags = text_tags
        self.everything = everything_in_paragraph
        self.parts, self.current, self.size = [], [], 0
        self.in_paragraph = 0
        self.in_text = 0
        self.full = False

    @staticmethod
    def _local(name: str) -> str:
        return name.rsplit("}", 1)[-1]

    def start(self, name, attributes):
        tag = self._local(name)
        if tag in self.paragraph_tags:
            self.in_paragraph += 1
        if tag in self.text_tags:
            self.in_text += 1
        if not self.in_paragraph:
            return
        if tag == "tab":
            self._add("\t")
        elif tag in {"br", "cr", "line-break"}:
            self._add("\n")
        elif tag == "s" and self.everything:
            count = attributes.get("urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1")
            self._add(" " * min(int(count) if count.isdigit() else 1, _MAX_SPACES))

    def end(self, name):
        tag = self._local(name)
        if tag in self.text_tags:
            self.in_text -= 1
        if tag in self.paragraph_tags:
            self.in_paragraph -= 1
            if not self.in_paragraph and self.current:
                self.parts.append("".join(self.current))
                self.current = []

    def data(self, text):
        if self.in_paragraph and (self.everything or self.in_text):
            self._add(text)

    def _add(self, text):
        self.current.append(text)
        self.size += len(text)
        if self.size > self.limit["text_chars"]:
            self.full = True

    def text(self) -> str:
        return "\n".join([*self.parts, "".join(self.current)]).strip()


def _refuse_declarations(*args):
    raise _Refused("a DOCTYPE or entity declaration in an office part")


def _stream_xml(stream, limit, collector: _TextCollector) -> tuple[str, bool]:
    """Text of a streamed XML part, read with expat: bounded by the bytes that come out of the
    archive, by time and by the text kept; document types and entities are refused."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    parser.buffer_text = True
    read, started = 0, time.monotonic()
    while chunk := stream.read(_CHUNK):
        read += len(chunk)
        if read > limit["part_bytes"]:
            raise _Refused(f"more than {limit['part_bytes']} bytes when unpacked")
        parser.Parse(chunk, False)
        if collector.full or time.monotonic() - started > limit["seconds"]:
            return collector.text(), False
    parser.Parse(b"", True)
    return collector.text(), True


def _docx(fileobj, limit) -> tuple[str, bool]:
    archive, stream = _open_part(fileobj, "word/document.xml", limit)
    with archive, stream:
        return _stream_xml(stream, limit, _TextCollector(limit, {"p"}, {"t"}, False))


def _odt(fileobj, limit) -> tuple[str, bool]:
    archive, stream = _open_part(fileobj, "content.xml", limit)
    with archive, stream:
        return _stream_xml(stream, limit, _TextCollector(limit, {"p", "h"}, set(), True))
