"""Named placeholders in clause text: `{lead}` becomes the lead party's name.

A small substitution from a fixed dictionary, never `str.format`: a clause written in the admin
cannot reach attributes (`{lead.__class__}`), indexes or format specs. `{{` and `}}` stand for
literal braces. Values are escaped for Markdown (and HTML) before they go in, so a party named
`<script>` or `*Town*` reads as typed in the preview, the Markdown file and the Word file.
"""

import re

# name: what it becomes (for the admin's help text and error messages)
PLACEHOLDERS = {
    "agreement_title": "the draft's title, e.g. “Interlocal Agreement for Animal Control”",
    "service": "the service chosen, e.g. “Animal control”",
    "parties": "the parties' names in a sentence: “Andover, Bolton and Vernon”",
    "party_list": "the parties as a bulleted list, one per line",
    "party_count": "how many parties, in words: “three”",
    "lead": "the lead party's name (“a Party designated in writing by all the Parties” when "
    "there is no lead)",
    "administrator": "who keeps the service's accounts: “the Board”, the lead, “the Committee”, "
    "or a Party the Parties designate; never at the start of a sentence (it may be lower case)",
    "term": "the term in words and figures: “five (5) years”",
    "term_years": "the term as a number of years: “5”",
    "notice_period": "the withdrawal notice in words and figures: “twelve (12) months”",
    "notice_months": "the withdrawal notice as a number of months: “12”",
    "review_period": "the review interval in words and figures: “three (3) years”",
    "review_years": "the review interval as a number of years: “3”",
    "share_list": "a bulleted list of the parties, each with a blank for its percentage",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|\{[^{}]*\}?|\}")
MAX_NAMED = 5


def placeholder_problems(text: str) -> str:
    """A message naming the unknown placeholders or stray braces in `text`, or ''."""
    unknown, malformed = [], []
    for match in _TOKEN.finditer(text):
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            continue
        if name is None:
            malformed.append(token)
        elif name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    messages = []
    if unknown:
        named = _first_few([_unknown(name) for name in unknown])
        messages.append(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''}: {named}. "
            f"Use only {', '.join(f'{{{name}}}' for name in PLACEHOLDERS)}."
        )
    if malformed:
        shown = _first_few([f"“{token[:30]}”" for token in malformed])
        messages.append(
            f"Unmatched or malformed braces: {shown}. A placeholder is a name in single braces, "
            "such as {lead}; write {{ or }} for a literal brace."
        )
    return " ".join(messages)


_BY_LOWER_CASE = {name.lower(): name for name in PLACEHOLDERS}


def _unknown(name: str) -> str:
    """'{Lead} (did you mean {lead}?)' when only the case differs from a known one."""
    known = _BY_LOWER_CASE.get(name.lower())
    return f"{{{name}}} (did you mean {{{known}}}?)" if known else f"{{{name}}}"


def _first_few(items: list[str]) -> str:
    """The first MAX_NAMED items, and how many more."""
    shown = ", ".join(items[:MAX_NAMED])
    more = len(items) - MAX_NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its (already escaped) value.

    Never raises: a placeholder the admin would refuse (a row changed outside it) shows as
    `[name]`, and a stray brace stays as it is.
    """

    def replace(match):
        token, name = match.group(0), match.group(1)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if name is None:
            return token
        return values.get(name, f"[{name}]")

    return _TOKEN.sub(replace, text)


# Characters that are markup anywhere in a line (each has a backslash escape in Python-Markdown;
# with "[" escaped, "(" and "!" cannot start a link or an image).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
_LINE_START = re.compile(r"^(\s*\d*)([-+.>])")
# "&lt;" or "&#60;" typed by someone must stay those characters, not become "<"; any other "&"
# ("AT&T") stays as typed, so that the Markdown file reads plainly. What counts as an entity is
# Python-Markdown's rule (a name or number and a semicolon), which drafting/docx.py follows too.
_ENTITY_START = re.compile(r"&(?=#|[A-Za-z0-9]+;)")


def escape_markdown(value: str) -> str:
    """Plain text as Markdown that renders to exactly that text, raw HTML included."""
    value = _ENTITY_START.sub("&amp;", value)
    value = value.replace("<", "&lt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    # A value that starts a line must not start a list or a quote ("- x", "1. x", "> x") either.
    return _LINE_START.sub(r"\1\\\2", value)
