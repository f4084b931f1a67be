"""Turning what a resident typed into terms: words, phrases, exclusions, synonyms.

The grammar is the one people know from web search: words must all appear (in any form:
"inspects" finds "inspection"), "a quoted phrase" must appear as such, `or` between words means
either, and `-word` leaves out what has it. Question words and other small words ("who",
"does", "in") are dropped unless quoted, so a plain question works. Each word or phrase may
carry synonyms curated by staff (search.models.Synonym): "trash" also finds "solid waste".
"""

import re
from dataclasses import dataclass, field
from typing import Any

MAX_QUERY_LENGTH = 200

# Control characters (PostgreSQL rejects NUL in text) become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A "quoted phrase", or a run of anything else but whitespace and quotes.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")
# Small words and question words: they carry no meaning for search, and on SQLite they would
# otherwise be required literally. PostgreSQL's English configuration drops most of them too.
STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been being below between
    both but by can could did do does doing done during each either few for from further get
    gets getting had has have having he her here hers him his how i if in into is it its itself
    just may me might more most must my near need needs neither no nor not now of off on once
    only other our ours out over own please same she should show so some such tell than that
    the their theirs them then there these they this those through to too under until up upon
    us very want was we were what whats when where which while who whom whose why will with
    would you your yours find looking
    """.split()  # noqa: SIM905 - a list literal of 150 words would not be read
)
# How many words of a query may form one synonym ("dog warden" is two).
MAX_SYNONYM_WORDS = 3


def clean_query(q: Any) -> str:
    """The user's query as searchable text: no control characters, at most 200 characters."""
    text = _CONTROL.sub(" ", str(q or ""))
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        # Drop a word cut in two: its first half would match nothing.
        text = cut.rsplit(None, 1)[0] if len(cut.split()) > 1 else cut[:MAX_QUERY_LENGTH]
    return text.strip()


@dataclass
class Term:
    """A word or phrase to look for, and the synonyms that count as it."""

    text: str  # as typed, for PostgreSQL's own parser ("7-148cc")
    words: tuple[str, ...]  # lower-case word characters, for SQLite's FTS5
    synonyms: list[str] = field(default_factory=list)  # normalized phrases
    quoted: bool = False

    @property
    def alternatives(self) -> list[str]:
        """The term's own words, then each synonym, as space-separated phrases."""
        return [" ".join(self.words), *self.synonyms]


@dataclass
class ParsedQuery:
    groups: list[list[Term]]  # any group (OR) of all its terms (AND)
    excluded: list[Term]
    dropped: list[str]  # small words left out

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def any_word(self) -> "ParsedQuery":
        """The same terms, any of which will do: for when no result has them all."""
        return ParsedQuery([[term] for term in self.terms], self.excluded, self.dropped)

    @property
    def words(self) -> list[str]:
        return [word for term in self.terms for word in term.words]


@dataclass
class _Chunk:
    text: str
    words: list[str]
    quoted: bool
    minus: bool


def _chunks(q: str) -> list[_Chunk]:
    chunks = []
    for match in _CHUNK.finditer(clean_query(q)):
        quoted = match.group(2) is not None
        minus = bool(match.group(1) if quoted else match.group(3))
        text = match.group(2) if quoted else match.group(4)
        chunks.append(_Chunk(text, _WORD.findall(text.lower()), quoted, minus))
    return chunks


def synonym_candidates(q: str) -> set[str]:
    """Every run of up to three words of the query that a synonym could name."""
    candidates = set()
    for chunk in _chunks(q):
        words = chunk.words
        for size in range(1, MAX_SYNONYM_WORDS + 1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                candidates.add(phrase)
                if phrase.endswith("s") and len(phrase) > 3:
                    candidates.add(phrase[:-1])  # "cops" finds the synonym for "cop"
    # Runs across unquoted chunks ("dog warden" typed as two words).
    plain = [w for chunk in _chunks(q) if not chunk.quoted and not chunk.minus for w in chunk.words]
    for size in range(2, MAX_SYNONYM_WORDS + 1):
        for start in range(len(plain) - size + 1):
            phrase = " ".join(plain[start : start + size])
            candidates.add(phrase)
            if phrase.endswith("s"):
                candidates.add(phrase[:-1])
    return candidates


def _synonyms_of(phrase: str, synonyms: dict[str, list[str]]) -> list[str] | None:
    if phrase in synonyms:
        return synonyms[phrase]
    if phrase.endswith("s") and phrase[:-1] in synonyms:
        return synonyms[phrase[:-1]]
    return None


def parse(q: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    """Parse a query; `synonyms` maps a normalized term to the phrases that also count."""
    synonyms = synonyms or {}
    groups: list[list[Term]] = [[]]
    excluded: list[Term] = []
    dropped: list[str] = []
    pending_or = False

    def add(term: Term):
        nonlocal pending_or
        if pending_or:
            groups.append([])
            pending_or = False
        groups[-1].append(term)

    # Plain words are read as a run, so that a synonym may span several of them.
    run: list[str] = []

    def flush_run():
        i = 0
        while i < len(run):
            for size in range(min(MAX_SYNONYM_WORDS, len(run) - i), 0, -1):
                phrase = " ".join(run[i : i + size])
                found = _synonyms_of(phrase, synonyms)
                if found is not None and (size > 1 or phrase not in STOP_WORDS):
                    add(Term(phrase, tuple(run[i : i + size]), found))
                    i += size
                    break
            else:
                word = run[i]
                if word in STOP_WORDS:
                    dropped.append(word)
                else:
                    add(Term(word, (word,), []))
                i += 1
        run.clear()

    for chunk in _chunks(q):
        if not chunk.words:
            continue
        if not chunk.quoted and not chunk.minus and chunk.words == ["or"]:
            flush_run()
            pending_or = bool(groups[-1])
            continue
        if chunk.minus:
            flush_run()
            excluded.append(Term(chunk.text, tuple(chunk.words), quoted=chunk.quoted))
            continue
        if chunk.quoted and all(word in STOP_WORDS for word in chunk.words):
            dropped.extend(chunk.words)  # "the" in quotes: PostgreSQL cannot find it either
            continue
        if chunk.quoted or len(chunk.words) > 1:
            # A phrase, or a compound such as "7-148cc": one term, kept whole.
            flush_run()
            phrase = " ".join(chunk.words)
            found = _synonyms_of(phrase, synonyms) or [] if not chunk.quoted else []
            add(Term(chunk.text, tuple(chunk.words), found, quoted=chunk.quoted))
            continue
        run.append(chunk.words[0])
    flush_run()
    return ParsedQuery([group for group in groups if group], excluded, dropped)
