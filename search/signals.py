"""Signals that keep the index right, connected for each registered kind (see search.apps).

Every handler only notes ids (search.indexing.enqueue); the objects are read and indexed once,
when the transaction commits. For each kind this watches:

- its own saves and deletes;
- each lookup in `Searchable.related`: saves and deletes of the related model (when a listed
  field changed, or, for lookups without fields, from the objects it reached before the save
  as well as after), and on a many-to-many first step additions and removals from either
  side, and rows of the many-to-many table saved or deleted directly.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from search.indexing import enqueue
from search.registry import Searchable


def _uid(searchable: Searchable, what: str) -> str:
    return f"search.{searchable.kind}.{what}"


class RelatedWatcher:
    """Reindexes the objects of one kind that reach a related model through `lookup`."""

    def __init__(self, searchable: Searchable, lookup: str, fields: set[str] | None):
        self.searchable = searchable
        self.lookup = lookup
        self.fields = set(fields) if fields is not None else None
        self.steps = _resolve(searchable.model, lookup)
        self.related_model = self.steps[-1].related_model

    def ids_reaching(self, pks) -> list[int]:
        model = self.searchable.model
        return list(
            model._base_manager.filter(**{f"{self.lookup}__in": list(pks)})
            .values_list("pk", flat=True)
            .distinct()
        )

    def saving(self, sender, instance, raw=False, **kwargs):
        """Before a related row changes, note what may make the change matter."""
        if instance.pk is None:
            return
        notes = instance.__dict__.setdefault("_search_before", {})
        if self.fields is None:
            # A row moved to another object (a file to another agreement) leaves the old one.
            notes[self.lookup] = self.ids_reaching([instance.pk])
        else:
            rows = sender._base_manager.filter(pk=instance.pk).values(*self.fields)
            notes[self.lookup] = rows.first()

    def saved(self, sender, instance, created=False, update_fields=None, **kwargs):
        before = instance.__dict__.get("_search_before", {}).pop(self.lookup, None)
        if self.fields is None:
            ids = set(self.ids_reaching([instance.pk])) | set(before or [])
            enqueue(self.searchable.kind, ids)
            return
        if update_fields is not None and not self.fields & set(update_fields):
            return
        unchanged = before is not None and all(
            before[name] == getattr(instance, name) for name in self.fields
        )
        if unchanged and not created:
            return  # e.g. a town's website changed: its agreements' text did not
        enqueue(self.searchable.kind, self.ids_reaching([instance.pk]))

    def through_changed(self, sender, instance, **kwargs):
        """A row of the many-to-many table itself, saved or deleted (e.g. by an admin inline
        of the through model, which sends no m2m_changed)."""
        for field in sender._meta.concrete_fields:
            if field.is_relation and field.related_model is self.searchable.model:
                enqueue(self.searchable.kind, [getattr(instance, field.attname)])

    def deleting(self, sender, instance, **kwargs):
        # After the delete no row says who reached it (M2M rows go without m2m_changed).
        instance._search_reaching = getattr(instance, "_search_reaching", {})
        instance._search_reaching[self.lookup] = self.ids_reaching([instance.pk])

    def deleted(self, sender, instance, **kwargs):
        reaching = getattr(instance, "_search_reaching", {})
        enqueue(self.searchable.kind, reaching.get(self.lookup, []))

    def m2m_changed(self, sender, instance, action, pk_set, **kwargs):
        own = isinstance(instance, self.searchable.model)
        if action == "pre_clear" and not own:
            instance._search_cleared = self.ids_reaching([instance.pk])
        elif action == "post_clear":
            ids = [instance.pk] if own else getattr(instance, "_search_cleared", [])
            enqueue(self.searchable.kind, ids)
        elif action in {"post_add", "post_remove"}:
            enqueue(self.searchable.kind, [instance.pk] if own else pk_set or [])

    def connect(self) -> None:
        uid = _uid(self.searchable, self.lookup)
        pre_save.connect(self.saving, sender=self.related_model, dispatch_uid=uid, weak=False)
        post_save.connect(self.saved, sender=self.related_model, dispatch_uid=uid, weak=False)
        pre_delete.connect(self.deleting, sender=self.related_model, dispatch_uid=uid, weak=False)
        post_delete.connect(self.deleted, sender=self.related_model, dispatch_uid=uid, weak=False)
        first = self.steps[0]
        if first.many_to_many:
            through = (first.remote_field if first.concrete else first).through
            m2m_changed.connect(self.m2m_changed, sender=through, dispatch_uid=uid, weak=False)
            for signal in (post_save, post_delete):
                signal.connect(self.through_changed, sender=through, dispatch_uid=uid, weak=False)

    def disconnect(self) -> None:
        uid = _uid(self.searchable, self.lookup)
        for signal in (pre_save, post_save, pre_delete, post_delete):
            signal.disconnect(sender=self.related_model, dispatch_uid=uid)
        first = self.steps[0]
        if first.many_to_many:
            through = (first.remote_field if first.concrete else first).through
            for signal in (m2m_changed, post_save, post_delete):
                signal.disconnect(sender=through, dispatch_uid=uid)


def _resolve(model, lookup: str) -> list:
    """The fields a lookup such as "parties__body" walks through, from `model` on."""
    steps = []
    for name in lookup.split("__"):
        field = model._meta.get_field(name)
        if not field.is_relation:
            raise ValueError(f"{lookup!r}: {name} is not a relation of {model.__name__}")
        steps.append(field)
        model = field.related_model
    return steps


def _own_saved(searchable):
    def saved(sender, instance, **kwargs):
        enqueue(searchable.kind, [instance.pk])

    return saved


def connect(searchable: Searchable) -> list[RelatedWatcher]:
    uid = _uid(searchable, "self")
    handler = _own_saved(searchable)
    post_save.connect(handler, sender=searchable.model, dispatch_uid=uid, weak=False)
    # A deleted object's id is gone from the table by commit time, so its document goes.
    post_delete.connect(handler, sender=searchable.model, dispatch_uid=uid, weak=False)
    watchers = [
        RelatedWatcher(searchable, lookup, fields) for lookup, fields in searchable.related.items()
    ]
    for watcher in watchers:
        watcher.connect()
    searchable._watchers = watchers
    return watchers


def disconnect(searchable: Searchable) -> None:
    uid = _uid(searchable, "self")
    post_save.disconnect(sender=searchable.model, dispatch_uid=uid)
    post_delete.disconnect(sender=searchable.model, dispatch_uid=uid)
    for watcher in getattr(searchable, "_watchers", []):
        watcher.disconnect()
