"""Keeping the index right: changes are collected, and indexed once per object at commit.

Signal handlers (search.signals) and bulk admin actions call `enqueue`. Inside a transaction
the ids are only noted, and one `on_commit` hook indexes each noted object once, reading it
from the database as committed: an admin save that touches an agreement, its parties,
categories and statutes indexes the agreement once. Outside a transaction (autocommit) every
statement is its own transaction, so the object is indexed at once. If the transaction rolls
back, Django drops the hook and nothing is indexed.
"""

import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import ExitStack

from django.db import DatabaseError, connection, transaction

from portal import pagecache
from search.models import Document, Word
from search.registry import Searchable, site

_BATCH_SIZE = 500
# File text indexed per object: about the 16,000 word positions PostgreSQL keeps, and bounded
# so that snippets and the index stay cheap (files may hold far more; see search.extract).
MAX_EXTRA_CHARS = 100_000
logger = logging.getLogger(__name__)
_local = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def enqueue(kind: str, ids: Iterable) -> None:
    """Index these objects of this kind when the current transaction commits."""
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    _pending()[kind] |= ids
    if not connection.in_atomic_block:
        flush()
    elif not any(func is flush for _, func, _ in connection.run_on_commit):
        # One hook per transaction. A hook dropped with a rolled-back savepoint is no longer
        # listed, so the next change registers a new one (stale ids are merely reindexed).
        transaction.on_commit(flush)


def enqueue_objects(objects: Iterable) -> None:
    """Index these model instances (or a queryset) at commit; unregistered models are ignored."""
    by_kind = defaultdict(set)
    for obj in objects:
        searchable = site.for_model(obj)
        if searchable is not None:
            by_kind[searchable.kind].add(obj.pk)
    for kind, ids in by_kind.items():
        enqueue(kind, ids)


def enqueue_changed(queryset) -> None:
    """After a change that sent no signals (`queryset.update()`, e.g. a bulk publish): index
    these objects and every object whose text shows them, at commit."""
    ids = list(queryset.values_list("pk", flat=True))
    searchable = site.for_model(queryset.model)
    if searchable is not None:
        enqueue(searchable.kind, ids)
    for other in site:
        for watcher in getattr(other, "_watchers", []):
            if watcher.related_model is queryset.model._meta.concrete_model and ids:
                enqueue(other.kind, watcher.ids_reaching(ids))


def showing(obj) -> dict[str, set[int]]:
    """Ids, by kind, of the objects whose text shows this object (one query per lookup)."""
    found = defaultdict(set)
    model = type(obj)._meta.concrete_model
    for other in site:
        for watcher in getattr(other, "_watchers", []):
            if watcher.related_model is model and obj.pk is not None:
                found[other.kind] |= set(watcher.ids_reaching([obj.pk]))
    return found


def enqueue_showing(obj, before: dict[str, set[int]] | None = None) -> None:
    """Index, at commit, the objects that show `obj` now or showed it `before` (see
    `showing`): for changes that send no signals, such as rows of an automatic many-to-many
    table saved by an admin inline."""
    for kind, ids in showing(obj).items():
        enqueue(kind, ids)
    for kind, ids in (before or {}).items():
        enqueue(kind, ids)


def flush() -> None:
    """Index everything noted so far (the on_commit hook)."""
    pending, _local.pending = _pending(), defaultdict(set)
    for kind, ids in pending.items():
        if kind in site:
            index_ids(site[kind], ids)
    if pending:
        # A search page cached between the commit and this index would be out of date.
        pagecache.bump()


def index_ids(searchable: Searchable, ids: Iterable[int]) -> int:
    """Write the documents of these objects now; drop those gone or without text.

    A handful of queries per 500 objects. Returns how many documents were written. An object
    the database refuses to index (e.g. text past PostgreSQL's tsvector limit) is logged and
    left out, never failing the save or the rebuild that asked for it.
    """
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), _BATCH_SIZE):
        chunk = ids[start : start + _BATCH_SIZE]
        documents = _documents(searchable, chunk)
        try:
            with transaction.atomic():
                _write(searchable, chunk, documents)
        except DatabaseError:
            # One bad document must not cost the others their place: one at a time.
            documents = [d for d in documents if _write_one(searchable, d)]
            with transaction.atomic():
                _write(searchable, chunk, documents, upsert=False)
        written += len(documents)
    return written


def _documents(searchable: Searchable, chunk: list[int]) -> list[Document]:
    public = set(searchable.published().filter(pk__in=chunk).values_list("pk", flat=True))
    documents = []
    for obj in searchable.index_queryset().filter(pk__in=chunk):
        text = searchable.text(obj)
        if text is None or not text.title.strip():
            continue
        documents.append(
            Document(
                kind=searchable.kind,
                object_id=obj.pk,
                public=obj.pk in public,
                title=_clean(text.title)[:400],
                summary=_clean(text.summary),
                body=_clean(text.body),
                extra=_clean(text.extra)[:MAX_EXTRA_CHARS],
            )
        )
    return documents


def _clean(text: str) -> str:
    """Text as the full-text parsers should read it: PostgreSQL's skips what follows a
    literal <style> or <script>, so angle brackets become spaces (on both databases)."""
    return text.replace("<", " ").replace(">", " ").replace("\x00", " ") if text else ""


def _write(searchable, chunk, documents, upsert=True) -> None:
    # An upsert: the database triggers refresh the full-text index on insert and update.
    if upsert:
        Document.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["public", "title", "summary", "body", "extra"],
        )
    kept = {document.object_id for document in documents}
    gone = set(chunk) - kept
    if gone:
        Document.objects.filter(kind=searchable.kind, object_id__in=gone).delete()
    add_words(d for d in documents if d.public)
    searchable.indexed(chunk)


def _write_one(searchable, document) -> bool:
    try:
        with transaction.atomic():
            Document.objects.bulk_create(
                [document],
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=["public", "title", "summary", "body", "extra"],
            )
        return True
    except DatabaseError:
        logger.exception("Could not index %s %s; it is left out of search", document.kind,
                         document.object_id)  # fmt: skip
        return False


_WORD = re.compile(r"[^\W\d_]{4,30}")


def add_words(documents: Iterable[Document]) -> None:
    """Remember the words of public documents, for spelling suggestions (not file text)."""
    words = set()
    for document in documents:
        for part in (document.title, document.summary, document.body):
            words.update(word.lower() for word in _WORD.findall(part))
    if words:
        Word.objects.bulk_create(
            [Word(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=500
        )


def rebuild() -> dict[str, int]:
    """Drop every document and index all registered content again; returns counts per kind."""
    counts = {}
    with transaction.atomic(), ExitStack() as rebuilding:
        for searchable in site:
            rebuilding.enter_context(searchable.rebuilding())
        for searchable in site:
            searchable.before_rebuild()
        Document.objects.all().delete()
        Word.objects.all().delete()
        for searchable in site:
            ids = searchable.model._base_manager.values_list("pk", flat=True)
            counts[searchable.kind] = index_ids(searchable, ids)
        if connection.vendor == "sqlite":
            # Also repairs an FTS table that drifted from its content (e.g. lost triggers).
            fts = Document.FULLTEXT.fts_table
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return counts
