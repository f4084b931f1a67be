"""Keeping the index right: changes are collected, and indexed once per object at commit.

Signal handlers (search.signals) and bulk admin actions call `enqueue`. Inside a transaction
the ids are only noted, and one `on_commit` hook indexes each noted object once, reading it
from the database as committed: an admin save that touches an agreement, its parties,
categories and statutes indexes the agreement once. Outside a transaction (autocommit) every
statement is its own transaction, so the object is indexed at once. If the transaction rolls
back, Django drops the hook and nothing is indexed.
"""

import re
import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from search.models import Document, Word
from search.registry import Searchable, site

_BATCH_SIZE = 500
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


def flush() -> None:
    """Index everything noted so far (the on_commit hook)."""
    pending, _local.pending = _pending(), defaultdict(set)
    for kind, ids in pending.items():
        if kind in site:
            index_ids(site[kind], ids)


def index_ids(searchable: Searchable, ids: Iterable[int]) -> int:
    """Write the documents of these objects now; drop those gone or without text.

    A handful of queries per 500 objects. Returns how many documents were written.
    """
    ids = sorted(set(ids))
    written = 0
    for start in range(0, len(ids), _BATCH_SIZE):
        chunk = ids[start : start + _BATCH_SIZE]
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
                    title=text.title[:400],
                    summary=text.summary,
                    body=text.body,
                    extra=text.extra,
                )
            )
        with transaction.atomic():
            # An upsert: the database triggers refresh the full-text index on insert and update.
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
        written += len(documents)
    return written


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
    with transaction.atomic():
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
