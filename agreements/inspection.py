"""What an uploaded document may contain: the checks behind validate_document_file.

Leading bytes only say what a file claims to be. These checks look inside, with bounded
memory and time (the limits of search.extract):

- DOCX and ODT are zip archives. The archive's end record is read first (entry count), then
  its directory: every member's declared size, the total, and the compression ratio are
  capped, member names must be plain relative paths, and no member may be a web page, an
  image that can hold script (SVG), a program or macros. Every member is then inflated in
  64 kB chunks, counting what comes out, so an archive that lies about its sizes is stopped
  at the cap. A DOCX must have [Content_Types].xml and word/document.xml and no macro-enabled
  content type; an ODT must start with its stored `mimetype` and hold content.xml and
  META-INF/manifest.xml.
- A PDF may not run JavaScript, launch programs, act on opening or carry embedded files
  (read with pypdf, and in the raw bytes for what pypdf does not reach), nor double as an
  HTML page (a PDF/HTML polyglot).

`inspect(upload, suffix)` raises `Refused` with a reason a member of staff can read.
"""

import re
import time
import zipfile
from pathlib import PurePosixPath

from search.extract import declared_entries, limits

_CHUNK = 64 * 1024
# Members that make an office file dangerous to open: pages, script, programs, macros.
_FORBIDDEN_SUFFIXES = {
    ".html", ".htm", ".xhtml", ".mht", ".svg", ".svgz", ".js", ".vbs", ".wsf", ".hta",
    ".exe", ".dll", ".bat", ".cmd", ".com", ".ps1", ".sh", ".jar", ".swf", ".scr", ".msi",
}  # fmt: skip
_MACRO_NAMES = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml)$|^(basic|scripts)/", re.I)
# A real office part compresses perhaps 10:1, text of one repeated character far more.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small members may compress as they like
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Markup that makes a PDF a web page too, when found anywhere in its bytes.
_HTML = re.compile(
    rb"<\s*(html|script|svg|iframe|body|img|meta|object|embed|link|form|!doctype\s+html)\b", re.I
)
# PDF names of actions and attachments, in their raw (uncompressed) spelling.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)\b")


class Refused(Exception):
    """The file must not be stored; the message says why, for staff."""


def inspect(upload, suffix: str) -> None:
    upload.seek(0)
    try:
        if suffix == ".pdf":
            _inspect_pdf(upload)
        elif suffix in (".docx", ".odt"):
            _inspect_archive(upload, suffix)
    except Refused:
        raise
    except Exception as error:  # encrypted members, unknown compression, corrupt data…
        raise Refused(
            "it is damaged, encrypted or packed in a way that cannot be checked"
        ) from error
    finally:
        upload.seek(0)


# --- zip archives -------------------------------------------------------------------------------


def _inspect_archive(upload, suffix: str) -> None:
    limit = limits()
    count = declared_entries(upload)
    if count is not None and count > limit["entries"]:
        raise Refused(f"it holds {count:,} files (at most {limit['entries']:,} are accepted)")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("it is not a readable archive") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limit["entries"]:
            raise Refused(f"it holds {len(entries):,} files")
        declared = sum(entry.file_size for entry in entries)
        if declared > limit["total_bytes"]:
            raise Refused(
                f"it unpacks to {declared // (1024 * 1024):,} MB "
                f"(at most {limit['total_bytes'] // (1024 * 1024):,} MB are accepted)"
            )
        for entry in entries:
            _check_member(entry, limit)
        _check_structure(archive, entries, suffix)
        _inflate_all(archive, entries, limit)


def _check_member(entry: zipfile.ZipInfo, limit) -> None:
    name = entry.filename
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or ".." in path.parts or ":" in name or "\\" in name:
        raise Refused(f"it holds a file with an unsafe name ({name[:80]})")
    # Every dotted part counts ("x.html." and "x.html%00" are pages too).
    parts = {"." + re.sub(r"[^a-z0-9]+$", "", part.lower()) for part in path.name.split(".")[1:]}
    if parts & _FORBIDDEN_SUFFIXES:
        raise Refused(f"it carries a web page, script or program ({path.name[:80]})")
    if _MACRO_NAMES.search(name):
        raise Refused(f"it carries macros ({name[:80]})")
    if (
        path.suffix.lower() == ".bin"
        or "embeddings" in (p.lower() for p in path.parts)
        or (len(path.parts) == 1 and re.fullmatch(r"Object \d+", path.name))
    ):
        raise Refused(f"it embeds other programs' objects or macros ({name[:80]})")
    if entry.file_size > limit["part_bytes"]:
        raise Refused(
            f"one of its parts unpacks to {entry.file_size // (1024 * 1024):,} MB "
            f"(at most {limit['part_bytes'] // (1024 * 1024):,} MB are accepted)"
        )
    ratio = entry.file_size / max(entry.compress_size, 1)
    if entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise Refused(f"one of its parts is compressed {ratio:,.0f} to 1, as zip bombs are")


def _read(archive, name: str, size: int) -> bytes:
    with archive.open(name) as stream:
        return stream.read(size)


def _check_structure(archive, entries, suffix: str) -> None:
    names = {entry.filename for entry in entries}
    if suffix == ".docx":
        if not {"[Content_Types].xml", "word/document.xml"} <= names:
            raise Refused("it lacks the parts every Word document has")
        content_types = _read(archive, "[Content_Types].xml", 256 * 1024)
        if b"macroEnabled" in content_types or b"vbaProject" in content_types:
            raise Refused("it is a macro-enabled document")
        return
    first = entries[0] if entries else None
    if first is None or first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        raise Refused("it does not start with the 'mimetype' entry every OpenDocument file has")
    if _read(archive, "mimetype", 100).strip() != ODT_MIMETYPE:
        raise Refused("its 'mimetype' entry does not name an OpenDocument text")
    if not {"content.xml", "META-INF/manifest.xml"} <= names:
        raise Refused("it lacks the parts every OpenDocument text has")


_DANGEROUS_TYPES = ("macroenabled", "vbaproject", "text/html", "xhtml", "svg", "activex",
                    "oleobject", "javascript")  # fmt: skip
_DANGEROUS_RELATIONSHIPS = ("/oleobject", "/attachedtemplate", "/frame", "/subdocument",
                            "/package", "/control", "/afchunk", "/vbaproject")  # fmt: skip
_ODF_SCRIPT = re.compile(
    rb"script:event-listener|<office:script|xlink:href=\"(macro|vnd\.sun)", re.I
)
_KEEP = 2 * 1024 * 1024  # bytes of a small XML part kept to read its declarations


def _declarations(data: bytes, element: str) -> list[dict]:
    """The attributes of every `element` in an XML part, read with expat (no DTD, entities or
    tree; any encoding the part declares)."""
    from xml.parsers import expat

    found = []
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*args):
        raise Refused("a part of it declares a document type")

    def start(name, attributes):
        if name.rsplit("}", 1)[-1] == element:
            found.append({key.rsplit("}", 1)[-1]: value for key, value in attributes.items()})

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.Parse(data, True)
    return found


def _check_declarations(name: str, data: bytes) -> None:
    if name == "[Content_Types].xml":
        for item in _declarations(data, "Default") + _declarations(data, "Override"):
            kind = item.get("ContentType", "").lower()
            if any(danger in kind for danger in _DANGEROUS_TYPES):
                raise Refused(f"it declares a part of a dangerous kind ({kind[:80]})")
    elif name.endswith(".rels"):
        for item in _declarations(data, "Relationship"):
            kind, target = item.get("Type", "").lower(), item.get("Target", "").lower()
            if any(kind.endswith(danger) for danger in _DANGEROUS_RELATIONSHIPS):
                raise Refused("it embeds or fetches other programs' content or macros")
            if target.startswith(("mhtml:", "file:", "\\\\")):
                raise Refused("it points at content elsewhere to load when opened")


def _inflate_all(archive, entries, limit) -> None:
    """Inflate every member in chunks, counting the bytes (the directory may lie), and read the
    declarations of the small XML parts that say what the others are."""
    if _HTML.search(archive.comment or b""):
        raise Refused("its archive comment holds a web page")
    total = 0
    for entry in entries:
        name, size, tail = entry.filename, 0, b""
        declares = name == "[Content_Types].xml" or name.endswith(".rels")
        kept = []
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limit["part_bytes"] or total > limit["total_bytes"]:
                        raise Refused("it unpacks to far more than it says, as zip bombs do")
                    if name.endswith(".xml") and _ODF_SCRIPT.search(tail + chunk):
                        raise Refused("it runs macros or scripts on events")
                    tail = chunk[-64:]
                    if declares and size <= _KEEP:
                        kept.append(chunk)
        except Refused:
            raise
        except Exception as error:  # corrupt deflate data, encryption, unknown compression
            raise Refused(f"one of its parts is damaged ({name[:80]})") from error
        if declares:
            if size > _KEEP:
                raise Refused(f"its part {name[:80]} is far larger than such parts are")
            try:
                _check_declarations(name, b"".join(kept))
            except Refused:
                raise
            except Exception as error:
                raise Refused(f"its part {name[:80]} cannot be read") from error


# --- PDF --------------------------------------------------------------------------------------


def _inspect_pdf(upload) -> None:
    data = upload.read()
    if _HTML.search(data):
        raise Refused("it also contains a web page (a PDF/HTML polyglot)")
    found = {match.group(1).decode() for match in _PDF_ACTIVE.finditer(_unescape_names(data))}
    found |= _active_parts(data)
    if found & {"JavaScript", "JS"}:
        raise Refused("it runs JavaScript")
    if "Launch" in found:
        raise Refused("it can launch programs")
    if found & {"EmbeddedFile", "EmbeddedFiles", "RichMedia"}:
        raise Refused("it carries embedded files")
    if "OnOpen" in found:
        raise Refused("it acts by itself when opened (opens a link, sends a form or a file)")


_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def _unescape_names(data: bytes) -> bytes:
    """PDF names may spell letters as #xx (/J#61vaScript is /JavaScript): spell them out."""
    return _ESCAPED_NAME.sub(
        lambda match: _HEX.sub(lambda hexa: bytes([int(hexa.group(1), 16)]), match.group(0)),
        data,
    )


# Objects read when looking for actions in every object of a PDF (object streams included).
MAX_PDF_OBJECTS = 100_000


def _guard_object_streams(reader) -> None:
    """Resolving one object of an object stream makes pypdf read the stream's whole index: a
    stream claiming millions of entries is refused before any object in it is read."""
    from pypdf.generic import IndirectObject

    for stream_number in {stream for stream, _ in reader.xref_objStm.values()}:
        stream = IndirectObject(stream_number, 0, reader).get_object()
        if int(stream.get("/N", 0)) > MAX_PDF_OBJECTS:
            raise Refused(f"it holds more than {MAX_PDF_OBJECTS:,} objects")


def _every_object(reader):
    """Each indirect object of the document, as pypdf reads it (bounded)."""
    from pypdf.generic import IndirectObject

    numbers = set()
    for generation, objects in reader.xref.items():
        numbers |= {(number, generation) for number in objects}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        raise Refused(f"it holds more than {MAX_PDF_OBJECTS:,} objects")
    started = time.monotonic()
    for number, generation in sorted(numbers):
        if time.monotonic() - started > limits()["seconds"]:
            raise Refused("it takes too long to check")
        try:
            yield IndirectObject(number, generation, reader).get_object()
        except Exception:
            continue  # a broken object is not an action


_ON_OPEN_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR"}


def _active_kinds(obj, depth: int = 0) -> set[str]:
    """What a PDF object does, looking into nested dictionaries and arrays (actions are often
    written inline): runs script, launches, carries a file, or acts when opened."""
    kinds = set()
    if depth > 12:
        return kinds
    if hasattr(obj, "keys"):
        keys = {str(key) for key in obj}
        action = str(obj.get("/S", ""))
        if keys & {"/JS", "/JavaScript", "/XFA"} or action == "/JavaScript":
            kinds.add("JavaScript")
        if action == "/Launch":
            kinds.add("Launch")
        if (
            keys & {"/EmbeddedFiles", "/EF", "/RichMediaContent"}
            or str(obj.get("/Type", "")) == "/EmbeddedFile"
            or str(obj.get("/Subtype", "")) in ("/FileAttachment", "/RichMedia")
        ):
            kinds.add("EmbeddedFile")
        for key in ("/OpenAction", "/AA"):
            automatic = obj.get(key)
            if automatic is not None and _automatic_action(automatic):
                kinds.add("OnOpen")
        for value in obj.values():
            if hasattr(value, "keys") or isinstance(value, list):  # inline, never followed refs
                kinds |= _active_kinds(value, depth + 1)
    elif isinstance(obj, list):
        for value in obj[:1000]:
            if hasattr(value, "keys") or isinstance(value, list):
                kinds |= _active_kinds(value, depth + 1)
    return kinds


def _automatic_action(value) -> bool:
    """Whether an /OpenAction or /AA entry does something beyond showing a page."""
    value = value.get_object()
    if not hasattr(value, "keys"):
        return False  # a destination, such as [page /Fit]
    actions = [value] if "/S" in value else [v.get_object() for v in value.values()]
    return any(hasattr(a, "get") and str(a.get("/S", "")) in _ON_OPEN_ACTIONS for a in actions)


def _active_parts(data: bytes) -> set[str]:
    """Active names pypdf finds in the document's structure (also inside object streams)."""
    import io
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    found = set()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        _guard_object_streams(reader)
        root = reader.trailer["/Root"]
        # Opening at a page is fine; an action that runs script or a program is not.
        found |= _action_kinds(root.get("/OpenAction"))
        for action in (root.get("/AA") or {}).values():
            found |= _action_kinds(action)
        names = root.get("/Names")
        if names is not None:
            names = names.get_object()
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    found.add(key[1:])
        for number, page in enumerate(reader.pages):
            if number >= limits()["pages"]:
                break
            for action in (page.get("/AA") or {}).values():
                found |= _action_kinds(action)
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/FileAttachment":
                    found.add("EmbeddedFile")
                found |= _action_kinds(annotation.get("/A"))
        # And every object, wherever it hangs (outlines, form fields, object streams).
        for obj in _every_object(reader):
            found |= _active_kinds(obj)
    except Refused:
        raise
    except Exception as error:  # pypdf cannot read it: then it is not a PDF we accept
        raise Refused("it cannot be read as a PDF") from error
    return found


def _action_kinds(action) -> set[str]:
    """{"JavaScript"} or {"Launch"} when a PDF action (or chain of them) runs one."""
    kinds, seen = set(), 0
    while action is not None and seen < 20:
        action = action.get_object()
        if not hasattr(action, "get"):
            break  # a destination such as [page /Fit], not an action
        kind = str(action.get("/S", ""))
        if kind in ("/JavaScript", "/Launch"):
            kinds.add(kind[1:])
        action, seen = action.get("/Next"), seen + 1
        if isinstance(action, list):
            action = action[0] if action else None
    return kinds
