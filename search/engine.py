"""The search engine: one full-text match per request, ranked in one pass, on both databases.

`Search(q)` parses the query (one query for the synonyms it may use), then:

- `site()` finds the best public results of every kind with their counts in one query (a
  window over the single ranked match), reads the shown objects back through each kind's
  `published()` queryset, and adds highlighted snippets (one more query). When no result has
  all the words it shows those having any of them, and it suggests a spelling for words that
  match nothing;
- `filter(queryset)` narrows a list such as the agreement library to the public matches, the
  match staying a subquery (its filters, counts and facets derive from it in SQL), and gives
  a `Ranking` that orders the filtered rows by rank in one query (`RankedResults`).

SQLite ranks with bm25 over an FTS5 table, PostgreSQL with ts_rank over a GIN-indexed tsvector;
both use the column weights of `Document.FULLTEXT`.
"""

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.models import Document, Synonym, Word
from search.query import STOP_WORDS, ParsedQuery, Term, clean_query, parse, synonym_candidates
from search.registry import Searchable, site

FULLTEXT = Document.FULLTEXT
DOCUMENT_TABLE = FULLTEXT.table
# Highlight markers: private-use characters no text contains, swapped for <mark> after escaping.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 24
# How many close words a suggestion tries, each checked to find something public.
SUGGESTION_CANDIDATES = 5
_WORD_IN_TEXT = re.compile(r"\w+")
# File text can be long; headlines read at most this much of it (PostgreSQL).
HEADLINE_TEXT_LIMIT = 100_000
# "No limit" for a ranked list: more rows than any table here holds.
MAX_LIMIT = 2**62
# The rows of a ranked list when nothing but the search narrows them: every public object of
# the kind, which the index alone ranks (see `Ranking.ranked_rows`).
EVERY_PUBLIC = "every public object"


# --- The two dialects --------------------------------------------------------------------------


def _public_ids_where(condition: str) -> str:
    """SQL of the public object ids of one kind (the first parameter) meeting `condition`."""
    return (
        f"SELECT d.object_id FROM {DOCUMENT_TABLE} d WHERE d.kind = %s AND d.public AND {condition}"
    )


def _rows_join(inner: str | None) -> tuple[str, str, str]:
    """(join, pk, tiebreak) of a ranked list: the rows of `inner` (its `ranked_pk` and
    `ranked_tiebreak`) joined to their documents `d`, or, for None, the documents alone with
    their titles: without a filter but the search, joining every row of the kind to its
    document cost a scan of the kind's table (50 ms of 180 at 100,000 agreements)."""
    if inner is None:
        return "", "d.object_id", "d.title"
    return f"JOIN ({inner}) a ON a.ranked_pk = d.object_id", "a.ranked_pk", "a.ranked_tiebreak"


class _SQLite:
    fts = FULLTEXT.fts_table

    @staticmethod
    def _phrase(text: str) -> str:
        # Words only, so no input can reach FTS5's operators or raise a syntax error.
        from search.query import _WORD

        return '"' + " ".join(_WORD.findall(text.lower())) + '"'

    def _term(self, term: Term) -> str:
        return "(" + " OR ".join(self._phrase(a) for a in term.alternatives) + ")"

    def expression(self, parsed: ParsedQuery) -> tuple[str, list]:
        groups = ["(" + " AND ".join(self._term(t) for t in group) + ")" for group in parsed.groups]
        match = "(" + " OR ".join(groups) + ")"
        match += "".join(f" NOT {self._term(term)}" for term in parsed.excluded)
        return match, [match]

    def ranked(self, parsed: ParsedQuery) -> tuple[str, list]:
        """SQL of (id, rank) for every matching document, computed in one pass."""
        _, params = self.expression(parsed)
        weights = ", ".join(str(w) for w in FULLTEXT.weights)
        sql = (
            f"SELECT rowid AS id, -bm25({self.fts}, {weights}) AS rank "
            f"FROM {self.fts} WHERE {self.fts} MATCH %s"
        )
        return f"WITH m AS MATERIALIZED ({sql})", params

    def ranked_rows(self, parsed: ParsedQuery, inner: str | None, inner_params, kind):
        """A WITH clause and its parameters: `r` (ranked_pk, ranked_tiebreak, rank), the rows
        of `inner` that match (None: every public document of the kind, tied by its title):
        bm25 needs the FTS5 match itself, run once (MATERIALIZED) and joined."""
        with_sql, params = self.ranked(parsed)
        join, pk, tiebreak = _rows_join(inner)
        sql = (
            f"{with_sql}, r AS (SELECT {pk} AS ranked_pk, {tiebreak} AS ranked_tiebreak, "
            f"m.rank AS rank FROM m JOIN {DOCUMENT_TABLE} d ON d.id = m.id {join} "
            f"WHERE d.kind = %s AND d.public)"
        )
        return sql, [*params, *inner_params, kind]

    def best_per_kind(self, parsed, kinds, per_kind, skip) -> tuple[str, list]:
        """SQL and parameters of (kind, object id, document id, rank, how many of the kind)
        of the public documents that match, best first per kind: the `per_kind` best after
        the first `skip` of each (all for None)."""
        with_sql, params = self.ranked(parsed)
        kind_list = ", ".join(["%s"] * len(kinds))
        inner = (
            f"SELECT d.kind, d.object_id, d.id, m.rank, "
            f"ROW_NUMBER() OVER (PARTITION BY d.kind ORDER BY m.rank DESC, d.object_id) AS n, "
            f"COUNT(*) OVER (PARTITION BY d.kind) AS total "
            f"FROM m JOIN {DOCUMENT_TABLE} d ON d.id = m.id "
            f"WHERE d.public AND d.kind IN ({kind_list})"
        )
        sql = f"{with_sql} SELECT kind, object_id, id, rank, total FROM ({inner}) s"
        params = [*params, *kinds]
        if per_kind is not None:
            sql += " WHERE n > %s AND n <= %s"
            params += [skip, skip + per_kind]
        return sql + " ORDER BY kind, n", params

    def matching(self, parsed: ParsedQuery, kind: str) -> tuple[str, list]:
        """SQL of the public object ids of one kind that match (for `pk IN (...)`)."""
        _, params = self.expression(parsed)
        condition = f"d.id IN (SELECT rowid FROM {self.fts} WHERE {self.fts} MATCH %s)"
        return _public_ids_where(condition), [kind, *params]

    def snippets(self, parsed: ParsedQuery, ids: list[int]) -> tuple[str, list]:
        _, params = self.expression(parsed)
        columns = ", ".join(
            f"snippet({self.fts}, {n}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"
            for n in range(len(FULLTEXT.columns))
        )
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, {columns} FROM {self.fts} "
            f"WHERE {self.fts} MATCH %s AND rowid IN ({placeholders})"
        )
        return sql, [*params, *ids]

    def suggest(self, word: str) -> list[str]:
        """Known words close to `word`, closest first."""
        candidates = (
            Word.objects.annotate(size=Length("word"))
            .filter(word__startswith=word[0], size__range=(len(word) - 2, len(word) + 2))
            .values_list("word", flat=True)[:5000]
        )
        return difflib.get_close_matches(
            word, list(candidates), n=SUGGESTION_CANDIDATES, cutoff=0.75
        )


class _PostgreSQL:
    def _term(self, term: Term) -> tuple[str, list]:
        # PostgreSQL's parser reads "7-148cc" as its own tokens and "health-district" as a
        # compound: look for the text as typed, and for its words one after the other.
        phrases = list(dict.fromkeys([term.text, " ".join(term.words), *term.synonyms]))
        sql = " || ".join([f"phraseto_tsquery('{FULLTEXT.config}', %s)"] * len(phrases))
        return f"({sql})", phrases

    def expression(self, parsed: ParsedQuery) -> tuple[str, list]:
        params, groups = [], []
        for group in parsed.groups:
            parts = []
            for term in group:
                sql, term_params = self._term(term)
                parts.append(sql)
                params += term_params
            groups.append("(" + " && ".join(parts) + ")")
        sql = "(" + " || ".join(groups) + ")"
        for term in parsed.excluded:
            term_sql, term_params = self._term(term)
            sql += f" && !!{term_sql}"
            params += term_params
        return sql, params

    @staticmethod
    def _weights() -> str:
        # ts_rank takes the weights of D, C, B, A in that order.
        letters = {
            letter: w for (_, letter), w in zip(FULLTEXT.columns, FULLTEXT.weights, strict=True)
        }
        return ",".join(str(letters.get(letter, 0.0)) for letter in "DCBA")

    def ranked_rows(self, parsed: ParsedQuery, inner: str | None, inner_params, kind):
        """A WITH clause and its parameters: `r` (ranked_pk, ranked_tiebreak, rank), the rows
        of `inner` that match (None: every public document of the kind, tied by its title),
        their documents matched (by index when few) and ranked in one pass (MATERIALIZED:
        with a LIMIT in view the planner ranked every document of the kind in rank order,
        hoping to stop early: 800 ms at 100,000, not 290)."""
        expression, params = self.expression(parsed)
        join, pk, tiebreak = _rows_join(inner)
        sql = (
            f"WITH q AS (SELECT {expression} AS query), r AS MATERIALIZED ("
            f"SELECT {pk} AS ranked_pk, {tiebreak} AS ranked_tiebreak, "
            f"ts_rank('{{{self._weights()}}}', d.search_vector, q.query) AS rank "
            f"FROM q, {DOCUMENT_TABLE} d {join} "
            f"WHERE d.kind = %s AND d.public AND d.search_vector @@ ({expression}))"
        )
        return sql, [*params, *inner_params, kind, *params]

    def ranked(self, parsed: ParsedQuery) -> tuple[str, list]:
        expression, params = self.expression(parsed)
        weights = self._weights()
        sql = (
            f"WITH q AS (SELECT {expression} AS query), "
            f"m AS (SELECT d.id, ts_rank('{{{weights}}}', d.search_vector, q.query) AS rank "
            f"FROM {DOCUMENT_TABLE} d, q WHERE d.search_vector @@ q.query)"
        )
        return sql, params

    def matching(self, parsed: ParsedQuery, kind: str) -> tuple[str, list]:
        """SQL of the public object ids of one kind that match (for `pk IN (...)`)."""
        expression, params = self.expression(parsed)
        return _public_ids_where(f"d.search_vector @@ ({expression})"), [kind, *params]

    def best_per_kind(self, parsed, kinds, per_kind, skip) -> tuple[str, list]:
        """SQL and parameters of (kind, object id, document id, rank, how many of the kind)
        of the public documents that match, best first per kind: the `per_kind` best after
        the first `skip` of each (all for None).

        The public matches are found and ranked in one pass (MATERIALIZED), counted per kind,
        and each kind's best taken with a LIMIT (a top-N sort): numbering every match in rank
        order took a full sort (250 ms, not 110, for 68,000 matches at 100,000 agreements)."""
        expression, params = self.expression(parsed)
        kind_list = ", ".join(["%s"] * len(kinds))
        limit = "" if per_kind is None else "LIMIT %s"
        sql = (
            f"WITH q AS (SELECT {expression} AS query), m AS MATERIALIZED ("
            f"SELECT d.kind, d.object_id, d.id, "
            f"ts_rank('{{{self._weights()}}}', d.search_vector, q.query) AS rank "
            f"FROM {DOCUMENT_TABLE} d, q "
            f"WHERE d.public AND d.kind IN ({kind_list}) AND d.search_vector @@ ({expression})) "
            f"SELECT k.kind, b.object_id, b.id, b.rank, k.total "
            f"FROM (SELECT kind, COUNT(*) AS total FROM m GROUP BY kind) k "
            f"CROSS JOIN LATERAL (SELECT object_id, id, rank FROM m WHERE m.kind = k.kind "
            f"ORDER BY rank DESC, object_id {limit} OFFSET %s) b "
            f"ORDER BY k.kind, b.rank DESC, b.object_id"
        )
        params = [*params, *kinds, *params]
        if per_kind is not None:
            params.append(per_kind)
        return sql, [*params, skip]

    def snippets(self, parsed: ParsedQuery, ids: list[int]) -> tuple[str, list]:
        expression, params = self.expression(parsed)
        options = (
            f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
            "MinWords=8, ShortWord=2, MaxFragments=1, HighlightAll=false"
        )
        columns = []
        for name in FULLTEXT.column_names:
            text = f"left(d.{name}, {HEADLINE_TEXT_LIMIT})" if name == "extra" else f"d.{name}"
            columns.append(f"ts_headline('{FULLTEXT.config}', {text}, q.query, '{options}')")
        sql = (
            f"WITH q AS (SELECT {expression} AS query) "
            f"SELECT d.id, {', '.join(columns)} FROM {DOCUMENT_TABLE} d, q "
            f"WHERE d.id = ANY(%s)"
        )
        return sql, [*params, ids]

    def suggest(self, word: str) -> list[str]:
        """Known words close to `word`, closest first (pg_trgm)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_word WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, SUGGESTION_CANDIDATES],
            )
            return [row[0] for row in cursor.fetchall()]


def dialect():
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


# --- Results --------------------------------------------------------------------------------


def highlight(fragment: str) -> str:
    """A snippet as safe HTML: the text escaped, then the match markers made <mark>."""
    html = escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped just above


@dataclass
class Group:
    """One kind's share of the results: the best few, how many in all, where to see them all."""

    searchable: Searchable
    results: list
    count: int
    list_url: str | None = None

    @property
    def kind(self) -> str:
        return self.searchable.kind

    @property
    def label(self) -> str:
        return self.searchable.label

    @property
    def has_own_list(self) -> bool:
        return bool(self.searchable.list_url_name)

    @property
    def templates(self) -> list[str]:
        return [self.searchable.template, "search/results/default.html"]


@dataclass
class SiteResults:
    query: str
    groups: list[Group] = field(default_factory=list)
    any_word: bool = False  # no result had every word: these have some of them
    suggestion: str | None = None
    dropped: list[str] = field(default_factory=list)
    usable: bool = True  # the query had words to look for
    kind: str | None = None  # one kind's list, paged, instead of the best of every kind
    page: int = 1
    per_kind: int = 20

    @property
    def label(self) -> str | None:
        return site[self.kind].label if self.kind else None

    @property
    def pages(self) -> int:
        count = self.groups[0].count if self.groups else 0
        return max(1, -(-count // self.per_kind))

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def group(self, kind: str) -> Group:
        """The results of one kind (empty when none matched)."""
        found = next((group for group in self.groups if group.kind == kind), None)
        return found or Group(site[kind], [], 0)


class Search:
    """One query, parsed once, against the index."""

    def __init__(self, q):
        self.query = clean_query(q)
        self.parsed = parse(self.query, self._synonyms()) if self.query else ParsedQuery([], [], [])
        self.dialect = dialect()

    def _synonyms(self) -> dict[str, list[str]]:
        candidates = synonym_candidates(self.query)
        if not candidates:
            return {}
        rows = Synonym.objects.filter(term__in=candidates).values_list("term", "meaning")
        return {
            term: [m.strip() for m in meaning.split(",") if m.strip()] for term, meaning in rows
        }

    # --- the match ----------------------------------------------------------------------------

    def _ranked_rows(self, parsed, kinds: list[str], per_kind: int | None, skip: int = 0):
        """(kind, object_id, document id, rank, total of its kind), best first per kind: the
        `per_kind` best after the first `skip` of each kind (all of them for None)."""
        if not parsed or not kinds:
            return []
        sql, params = self.dialect.best_per_kind(parsed, kinds, per_kind, skip)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def filter(self, queryset: QuerySet) -> tuple[QuerySet, "Ranking | dict"]:
        """Narrow a queryset of a registered model to the matches, and give their Ranking.

        The match stays in the database: the queryset gains `pk IN (<the match>)`, so that
        the results, their count and every facet derive from it without any id travelling to
        Python and back (at 60,000 matches a list of ids cost more than the queries it fed).
        """
        if not self.parsed:
            return queryset.none(), {}
        ranking = Ranking(self, site.for_model(queryset.model).kind)
        sql, params = self.dialect.matching(self.parsed, ranking.kind)
        return queryset.filter(pk__in=RawSQL(sql, params)), ranking

    # --- the results page ----------------------------------------------------------------------

    def site(self, per_kind: int = 20, kind: str | None = None, page: int = 1) -> SiteResults:
        """The best public results of every kind, grouped, with counts and snippets; or, with
        `kind`, one page of that kind's results only (its "see all" list)."""
        results = SiteResults(self.query, dropped=self.parsed.dropped, usable=bool(self.parsed))
        results.kind, results.page, results.per_kind = kind, page, per_kind
        if not self.parsed:
            return results
        kinds = [kind] if kind else [searchable.kind for searchable in site]
        skip = (page - 1) * per_kind if kind else 0
        parsed = self.parsed
        rows = self._ranked_rows(parsed, kinds, per_kind, skip)
        if not rows and len(parsed.terms) > 1 and page == 1:
            parsed = parsed.any_word()
            rows = self._ranked_rows(parsed, kinds, per_kind, skip)
            results.any_word = bool(rows)
        if not rows or results.any_word:
            results.suggestion = self._suggestion()
        snippets = self._snippets(parsed, rows)
        by_kind: dict[str, list] = {}
        for row_kind, object_id, document_id, _rank, total in rows:
            by_kind.setdefault(row_kind, []).append((object_id, document_id, total))
        for searchable in site:
            found = by_kind.get(searchable.kind)
            if not found:
                continue
            ids = [object_id for object_id, _, _ in found]
            objects = searchable.results_queryset().in_bulk(ids)
            shown = []
            via_extra = {}
            for object_id, document_id, _ in found:
                obj = objects.get(object_id)
                if obj is None:  # no longer published since it was indexed
                    continue
                fragments = snippets.get(document_id, {})
                obj.search_snippet = fragments.get("text")
                obj.search_via_extra = fragments.get("via_extra", False)
                if obj.search_via_extra:
                    via_extra[object_id] = fragments["words"]
                shown.append(obj)
            if via_extra:
                for object_id, title in searchable.extra_titles(via_extra).items():
                    objects[object_id].search_extra_title = title
            list_url = None if kind else searchable.list_url(self.query)
            results.groups.append(Group(searchable, shown, found[0][2], list_url))
        return results

    def _snippets(self, parsed, rows) -> dict[int, dict]:
        """For each document: the best highlighted fragment, and whether only `extra` matched."""
        if not rows:
            return {}
        kinds = {document_id: kind for kind, _, document_id, _, _ in rows}
        sql, params = self.dialect.snippets(parsed, list(kinds))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found_rows = cursor.fetchall()
        names = FULLTEXT.column_names
        found = {}
        for document_id, *fragments in found_rows:
            marked = {name: MARK_START in (fragments[n] or "") for n, name in enumerate(names)}
            # A title match needs no snippet (the title shows); else the first allowed column.
            allowed = site[kinds[document_id]].snippet_columns
            best = next((name for name in allowed if marked.get(name)), None)
            if best is None:
                continue
            fragment = fragments[names.index(best)]
            found[document_id] = {
                "text": highlight(" ".join(fragment.split())),
                "via_extra": best == "extra"
                and not any(marked[name] for name in names if name != "extra"),
                "words": _marked_words(fragment),
            }
        return found

    def _suggestion(self) -> str | None:
        """The query with each word that matches nothing replaced by the closest word that
        finds something public (the word list may hold words of content since unpublished).

        Only words typed as such: a word a synonym stands for is already taken care of.
        """
        words = [
            term.words[0]
            for term in self.parsed.terms
            if len(term.words) == 1 and not term.synonyms and term.words[0].isalpha()
        ]
        words = [word for word in words if len(word) > 3]
        if not words:
            return None
        known = set(Word.objects.filter(word__in=words).values_list("word", flat=True))
        replacements = {}
        for word in [w for w in words if w not in known][:3]:
            for candidate in self.dialect.suggest(word):
                if candidate != word and candidate not in STOP_WORDS and self._finds(candidate):
                    replacements[word] = candidate
                    break
        if not replacements:
            return None
        return _WORD_IN_TEXT.sub(
            lambda match: replacements.get(match.group(0).lower(), match.group(0)), self.query
        )

    def _finds(self, word: str) -> bool:
        """Whether a word alone finds any public document: one query."""
        parsed = parse(word)
        if not parsed:
            return False
        with_sql, params = self.dialect.ranked(parsed)
        sql = (
            f"{with_sql} SELECT 1 FROM m JOIN {DOCUMENT_TABLE} d ON d.id = m.id "
            "WHERE d.public LIMIT 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None

    @cached_property
    def words(self) -> list[str]:
        return [w for w in self.parsed.words if w not in STOP_WORDS]


def _marked_words(fragment: str) -> list[str]:
    words = []
    rest = fragment
    while MARK_START in rest:
        _, _, rest = rest.partition(MARK_START)
        word, _, rest = rest.partition(MARK_END)
        words.append(word.lower())
    return words


def search_site(q, per_kind: int = 20) -> SiteResults:
    return Search(q).site(per_kind)


@dataclass
class Ranking:
    """How the matches of one search rank, for one kind: `ordered()` puts a queryset of
    matches in rank order in one query."""

    search: Search
    kind: str

    def ranked_rows(self, queryset: QuerySet | str, tiebreak: str) -> tuple[str, list] | None:
        """A WITH clause and its parameters naming `r` (ranked_pk, ranked_tiebreak, rank):
        the rows of `queryset` that match, with their rank (None if nothing can match).

        `queryset` may hold the rows before the match (cheaper: the match then runs once) or
        after it (`Search.filter`'s result). EVERY_PUBLIC stands for every public object of the
        kind (its `published()`), tied by the title of its document (`tiebreak` "title" only)."""
        if queryset is EVERY_PUBLIC:
            if tiebreak != "title":
                raise ValueError("Every public object is tied by its document's title.")
            inner, inner_params = None, []
        else:
            try:
                inner, inner_params = (
                    queryset.order_by()
                    .annotate(ranked_pk=F("pk"), ranked_tiebreak=F(tiebreak))
                    .values_list("ranked_pk", "ranked_tiebreak")
                    .query.sql_with_params()
                )
            except EmptyResultSet:
                return None
        return self.search.dialect.ranked_rows(self.search.parsed, inner, inner_params, self.kind)

    # The best first, ties by the tiebreak then pk: how a ranked list is ordered.
    ORDER = "rank DESC, ranked_tiebreak, ranked_pk"

    def ordered(
        self, queryset: QuerySet | str, tiebreak: str, limit: int | None = None
    ) -> tuple[list[tuple[int, float]], int]:
        """(pk, rank) of the first `limit` matching rows of `queryset` (all for None, see
        `ranked_rows`), best match first, ties by `tiebreak`, then pk; and how many rows
        match. The match, the rank, the order and the count are one SQL query; only the ids
        asked for come back."""
        ranked = self.ranked_rows(queryset, tiebreak)
        if ranked is None:
            return [], 0
        with_sql, params = ranked
        sql = (
            f"{with_sql} SELECT ranked_pk, rank, COUNT(*) OVER () FROM r "
            f"ORDER BY {self.ORDER} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit or MAX_LIMIT])
            rows = cursor.fetchall()
        return [(pk, rank) for pk, rank, _ in rows], rows[0][2] if rows else 0


class RankedResults:
    """A filtered queryset in rank order, for a paginator: best match first, ties by `tiebreak`.

    One query puts the first `limit` ids in rank order and counts them all (`Ranking.ordered`):
    a paginator that stops at a page depth needs no more. Slicing fetches only the objects of
    the page asked for (one query, plus the queryset's prefetches). Each object gets its
    `search_rank`. `ranks` may also be a plain {pk: rank} (tests, or no search at all).

    `unmatched`, if given, is `queryset` before the search narrowed it: ranking those rows
    with the match costs one pass over the index, ranking the matched ones two (their match,
    then their documents' rank; 260 ms, not 180, for 66,000 matches at 100,000 agreements).
    EVERY_PUBLIC says that it was every public object of the kind: the index alone ranks them.
    """

    EVERY_PUBLIC = EVERY_PUBLIC

    def __init__(
        self,
        queryset: QuerySet,
        ranks,
        tiebreak: str = "pk",
        limit: int | None = None,
        unmatched: QuerySet | str | None = None,
        ordered: tuple[list[tuple[int, float]], int] | None = None,
    ):
        self.queryset = queryset
        self.ranks = ranks
        self.tiebreak = tiebreak
        self.limit = limit
        self.unmatched = unmatched
        if ordered is not None:  # ranked already, in a query that did more (see the library)
            self.__dict__["_ordered"] = ordered

    @cached_property
    def _ordered(self) -> tuple[list[tuple[int, float]], int]:
        if isinstance(self.ranks, Ranking):
            rows = self.queryset if self.unmatched is None else self.unmatched
            return self.ranks.ordered(rows, self.tiebreak, self.limit)
        rows = self.queryset.order_by().values_list("pk", self.tiebreak)
        ordered = sorted(rows, key=lambda row: (-self.ranks.get(row[0], 0.0), row[1], row[0]))
        return [(pk, self.ranks.get(pk, 0.0)) for pk, _ in ordered][: self.limit], len(ordered)

    @cached_property
    def ids(self) -> list[int]:
        return [pk for pk, _ in self._ordered[0]]

    @cached_property
    def _rank_of(self) -> dict[int, float]:
        return dict(self._ordered[0])

    def count(self) -> int:
        """How many rows match, though only the first `limit` are ordered and reachable."""
        return self._ordered[1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        page = self.ids[index]
        objects = self.queryset.in_bulk(page)
        found = [objects[pk] for pk in page if pk in objects]
        for obj in found:
            obj.search_rank = float(self._rank_of.get(obj.pk, 0.0))
        return found
