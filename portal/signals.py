"""Keep the search index right whenever searchable content changes (connected in apps.py).

The handlers read what they index from the database by id, so they work on raw saves too:
`loaddata` indexes each object as it loads, and an agreement again as each of its parties,
categories and statutes arrives. `manage.py rebuild_search_index` starts over if in doubt.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from agreements.models import Agreement, Party
from municipalities.models import PublicBody
from portal import search
from portal.models import SearchDocument, SearchKind
from services.models import ServiceCategory
from statutes.models import Statute

# Fields of bodies, categories and statutes that their agreements' documents show.
_FIELDS_SHOWN_IN_AGREEMENTS = {
    PublicBody: {"name", "publication"},
    ServiceCategory: {"name", "publication"},
    Statute: {"citation", "title", "publication"},
}


def index_saved(sender, instance, update_fields=None, **kwargs):
    """Reindex a saved object and, when a name they show may have changed, its agreements."""
    search.index_object(instance)
    fields = _FIELDS_SHOWN_IN_AGREEMENTS.get(sender)
    if fields and (update_fields is None or fields & set(update_fields)):
        agreement_ids = search.agreement_ids_showing(sender, [instance.pk])
        search.index_objects(SearchKind.AGREEMENT, agreement_ids)


def remember_agreements(sender, instance, **kwargs):
    # Deleting a category or statute drops M2M rows without m2m_changed: note whose, first.
    instance._search_agreement_ids = search.agreement_ids_showing(sender, [instance.pk])


def unindex_deleted(sender, instance, **kwargs):
    """Drop a deleted object's document; reindex the agreements that showed its name."""
    search.unindex_object(instance)
    search.index_objects(SearchKind.AGREEMENT, getattr(instance, "_search_agreement_ids", []))


def _deleting_agreement(origin) -> bool:
    if isinstance(origin, QuerySet):
        return origin.model is Agreement
    return isinstance(origin, Agreement)


def index_party_agreement(sender, instance, origin=None, **kwargs):
    """A party's body name is part of its agreement's text."""
    if not _deleting_agreement(origin):  # that agreement is about to leave the index anyway
        search.index_objects(SearchKind.AGREEMENT, [instance.agreement_id])


def index_m2m_agreements(sender, instance, action, reverse, pk_set, **kwargs):
    """Categories, statutes or parties added to or removed from agreements, from either side."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            search.index_objects(SearchKind.AGREEMENT, [instance.pk])
        return
    if action == "pre_clear":
        # After a clear from the category's (or statute's, or body's) side, no row says whose.
        field = _m2m_field(sender)
        rows = sender._base_manager.filter(**{field.m2m_reverse_field_name(): instance.pk})
        instance._search_cleared_ids = list(rows.values_list(field.m2m_field_name(), flat=True))
    elif action == "post_clear":
        search.index_objects(SearchKind.AGREEMENT, getattr(instance, "_search_cleared_ids", []))
    elif action in {"post_add", "post_remove"}:
        search.index_objects(SearchKind.AGREEMENT, pk_set or [])


def _m2m_field(through):
    return next(
        field for field in Agreement._meta.many_to_many if field.remote_field.through is through
    )


def index_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Fill an empty index, e.g. on a database that had content before search existed."""
    if using != DEFAULT_DB_ALIAS:
        return
    if SearchDocument._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the index
    if not SearchDocument.objects.exists() and any(
        model._base_manager.exists() for model in search.MODELS.values()
    ):
        search.rebuild_index()


def connect() -> None:
    """Connect the handlers to every model whose changes show in search (from apps.py)."""
    for model in search.MODELS.values():
        uid = f"portal.search.{model._meta.label_lower}"
        post_save.connect(index_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(unindex_deleted, sender=model, dispatch_uid=uid)
    for model in _FIELDS_SHOWN_IN_AGREEMENTS:
        uid = f"portal.search.{model._meta.label_lower}"
        pre_delete.connect(remember_agreements, sender=model, dispatch_uid=uid)
    post_save.connect(index_party_agreement, sender=Party, dispatch_uid="portal.search.party")
    post_delete.connect(index_party_agreement, sender=Party, dispatch_uid="portal.search.party")
    for field in Agreement._meta.many_to_many:  # categories, statutes, and bodies through Party
        through = field.remote_field.through
        m2m_changed.connect(
            index_m2m_agreements, sender=through, dispatch_uid=f"portal.search.{field.name}"
        )
