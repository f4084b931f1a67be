"""A draft as a Word file (python-docx), from the same `Draft` the preview shows.

Clause text is Markdown; this writes the small part of Markdown clauses use (paragraphs, bulleted
and numbered lines, headings, quotes, bold, italic, links, backslash escapes) as Word
paragraphs. Anything else stays as its plain text.
"""

import html
import io
import re

from docx import Document
from docx.shared import Pt

from drafting.drafts import Draft
from drafting.placeholders import escape_markdown

# XML 1.0 allows tab, newline, carriage return and most of Unicode; Word files are XML, and
# python-docx raises ValueError on anything else.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A backslash escape, kept out of the way of the emphasis patterns as a stand-in character.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
# Stand-ins are lone surrogates: `xml_safe` removes those from the text first, so a stand-in
# can never be a character someone typed (private-use characters, for one, are valid text).
_SENTINEL_BASE = 0xD800
# An entity as Markdown reads one (with its semicolon): only these become characters.
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);")
_INLINE = re.compile(
    r"\*\*(?P<b1>.+?)\*\*|__(?P<b2>.+?)__"
    r"|\*(?P<i1>[^*\s](?:.*?[^*\s])?)\*|(?<![\w])_(?P<i2>[^_\s](?:.*?[^_\s])?)_(?![\w])"
    r"|\[(?P<link>[^\]]*)\]\((?P<url>[^)\s]*)[^)]*\)"
    r"|`(?P<code>[^`]*)`"
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def build_docx(draft: Draft) -> bytes:
    """The draft as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = xml_safe(draft.title)[:255]
    document.core_properties.author = draft.site_name
    document.core_properties.comments = "A starting draft; not legal advice."
    document.styles["Normal"].font.size = Pt(11)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"Starting draft from {draft.site_name}: not legal advice."

    # The title page, which is also where the warning goes: nobody reads past it unwarned.
    document.add_heading(xml_safe(draft.title), level=0)
    _add_runs(document.add_paragraph(), f"**Among {escape_markdown(draft.party_names)}**")
    document.add_heading("Read this first", level=1)
    first, *rest = draft.disclaimer
    document.add_paragraph().add_run(first).bold = True
    for sentence in rest:
        document.add_paragraph(sentence)
    document.add_page_break()

    for article in draft.articles:
        document.add_heading(f"{article.number}. {xml_safe(article.title)}", level=1)
        for clause in article.clauses:
            document.add_heading(f"{clause.number} {xml_safe(clause.title)}", level=2)
            add_markdown(document, clause.text)

    document.add_heading("Signatures", level=1)
    document.add_paragraph(draft.signature_intro)
    for party in draft.choices.parties:
        document.add_heading(xml_safe(party.name), level=2)
        paragraph = document.add_paragraph()
        for index, line in enumerate(party.signature_lines):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(xml_safe(line))

    notes = [c for a in draft.articles for c in a.clauses if c.guidance or c.citation]
    if notes:
        document.add_page_break()
        document.add_heading("Drafting notes (remove before circulating)", level=1)
        for clause in notes:
            document.add_heading(f"Note on {clause.number} {xml_safe(clause.title)}", level=2)
            add_markdown(document, clause.guidance)
            if clause.citation:
                document.add_paragraph(f"Law: {xml_safe(clause.citation)}")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_markdown(document, text: str) -> None:
    """Append Markdown `text` to the document as paragraphs."""
    lines: list[str] = []

    def flush(style=None):
        if lines:
            paragraph = document.add_paragraph(style=style)
            for index, line in enumerate(lines):
                if index and lines[index - 1].endswith("  "):  # Markdown's hard line break
                    paragraph.add_run().add_break()
                elif index:
                    paragraph.add_run(" ")
                _add_runs(paragraph, line.strip())
            lines.clear()

    quote = False
    for raw in xml_safe(text or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip("\n")
        if not line.strip() or _RULE.match(line):
            flush("Quote" if quote else None)
            quote = False
            continue
        if match := _HEADING.match(line):
            flush("Quote" if quote else None)
            _add_runs(document.add_paragraph(), f"**{match.group(1)}**")
        elif match := _BULLET.match(line):
            flush("Quote" if quote else None)
            _add_runs(document.add_paragraph(style="List Bullet"), match.group(1))
        elif match := _NUMBERED.match(line):
            flush("Quote" if quote else None)
            # Word's own numbering would run on across lists: keep the number as written.
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(18)
            _add_runs(paragraph, f"{match.group(1)}. {match.group(2)}")
        elif line.lstrip().startswith(">"):
            if not quote:
                flush()
            quote = True
            lines.append(line.lstrip()[1:].lstrip() or "")
        else:
            lines.append(line)
    flush("Quote" if quote else None)


def _add_runs(paragraph, text: str) -> None:
    """Inline Markdown as runs: bold, italic, links as 'text (address)', code as text."""
    text = _ESCAPE.sub(lambda m: chr(_SENTINEL_BASE + ord(m.group(1))), xml_safe(text))
    text = _TAG.sub("", text)
    position = 0
    for match in _INLINE.finditer(text):
        _run(paragraph, text[position : match.start()])
        groups = match.groupdict()
        if groups["b1"] is not None or groups["b2"] is not None:
            _run(paragraph, groups["b1"] or groups["b2"], bold=True)
        elif groups["i1"] is not None or groups["i2"] is not None:
            _run(paragraph, groups["i1"] or groups["i2"], italic=True)
        elif groups["link"] is not None:
            label, url = groups["link"], groups["url"]
            _run(paragraph, label if not url or url == label else f"{label} ({url})")
        else:
            _run(paragraph, groups["code"])
        position = match.end()
    _run(paragraph, text[position:])


def _run(paragraph, text: str, *, bold=False, italic=False) -> None:
    if not text:
        return
    # Nested emphasis (***x***) keeps its inner markers' meaning simple: strip them.
    text = text.replace("**", "") if bold or italic else text
    plain = _ENTITY.sub(lambda m: html.unescape(m.group(0)), _restore(text))
    run = paragraph.add_run(xml_safe(plain))
    run.bold = bold or None
    run.italic = italic or None


def _restore(text: str) -> str:
    return "".join(
        chr(ord(char) - _SENTINEL_BASE) if _SENTINEL_BASE <= ord(char) < _SENTINEL_BASE + 128
        else char
        for char in text
    )  # fmt: skip
