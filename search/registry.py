"""What is searchable: each content app registers its models in its own `search.py`.

    # agreements/search.py
    from search.registry import Searchable, SearchText, register

    @register(Agreement)
    class AgreementSearch(Searchable):
        kind = "agreement"
        related = {"categories": {"name", "publication"}}

        def text(self, agreement):
            return SearchText(agreement.title, agreement.summary, ...)

The search app imports every installed app's `search` module when Django starts (like the admin
does with `admin` modules), connects the signals that keep the index right, and shows each
kind's results with the template `search/results/<kind>.html`.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst


@dataclass(frozen=True)
class SearchText:
    """An object's text by weight: title > summary > body > extra (e.g. its files' text)."""

    title: str
    summary: str = ""
    body: str = ""
    extra: str = ""


class Searchable:
    """How one model is indexed and shown in search results. Subclass and `register` it."""

    kind: str = ""  # stable key stored in the index, e.g. "agreement"
    order: int = 100  # lower kinds come first on the results page
    # Lookups from this model to related ones whose changes alter its text, with the fields
    # that matter (None: any change). E.g. {"parties__body": {"name"}, "categories": None}.
    related: dict[str, set[str] | None] = {}
    # A URL name whose page lists this kind and accepts ?q=, to see every match (otherwise the
    # search page lists them, narrowed to this kind).
    list_url_name: str | None = None
    # Which weighted parts a result's highlighted snippet may come from, best first.
    snippet_columns: tuple[str, ...] = ("summary", "body", "extra")

    def __init__(self, model: type[models.Model]):
        self.model = model

    def __repr__(self):
        return f"<{type(self).__name__} {self.kind}>"

    # --- what the index holds ----------------------------------------------------------------

    def index_queryset(self) -> models.QuerySet:
        """Every object to index, drafts too; add prefetches for `text`."""
        return self.model._base_manager.all()

    def published(self) -> models.QuerySet:
        """What the public may find: the model's own `published()`."""
        return self.model._default_manager.published()

    def before_rebuild(self) -> None:
        """Called by `rebuild_search_index` first, e.g. to read uploaded files' text again."""

    def rebuilding(self):
        """A context manager `rebuild_search_index` holds open while it rebuilds, e.g. to
        count what `indexed` stored once at the end."""
        return nullcontext()

    def indexed(self, ids: list[int]) -> None:
        """Called in the transaction that wrote the documents of these objects (whether each
        still exists or not): for data kept up to date alongside the index."""

    def text(self, obj) -> SearchText | None:
        """The object's searchable text; None keeps it out of the index altogether."""
        raise NotImplementedError

    # --- how results show ---------------------------------------------------------------------

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def template(self) -> str:
        return f"search/results/{self.kind}.html"

    def results_queryset(self) -> models.QuerySet:
        """Published objects with what their result template shows."""
        return self.published()

    def extra_titles(self, words_by_id: dict[int, list[str]]) -> dict[int, str]:
        """For objects found only through `extra` text: the name of the file each was found in.

        `words_by_id` gives, per object id, the words highlighted in the snippet.
        """
        return {}

    def list_url(self, query: str) -> str:
        """Where to see every match: the kind's own list if it takes ?q=, else the search
        page narrowed to this kind."""
        if self.list_url_name:
            return f"{reverse(self.list_url_name)}?{urlencode({'q': query})}"
        return f"{reverse('search:search')}?{urlencode({'q': query, 'kind': self.kind})}"


class AlreadyRegistered(ImproperlyConfigured):
    pass


class SearchRegistry:
    def __init__(self):
        self._by_kind: dict[str, Searchable] = {}
        self._by_model: dict[type[models.Model], Searchable] = {}
        self.ready = False

    def register(self, model: type[models.Model], searchable_class: type[Searchable]) -> None:
        searchable = searchable_class(model)
        if not searchable.kind or len(searchable.kind) > 30:
            raise ImproperlyConfigured(f"{searchable_class.__name__} needs a kind of 1-30 chars.")
        if searchable.kind in self._by_kind or model in self._by_model:
            raise AlreadyRegistered(f"{model.__name__} or kind {searchable.kind!r} is registered.")
        self._by_kind[searchable.kind] = searchable
        self._by_model[model] = searchable
        if self.ready:
            self._connect(searchable)

    def unregister(self, model: type[models.Model]) -> None:
        from search import signals

        searchable = self._by_model.pop(model)
        del self._by_kind[searchable.kind]
        signals.disconnect(searchable)

    def connect_all(self) -> None:
        """Start watching every registered kind (search.apps, once the apps are loaded)."""
        self.ready = True
        for searchable in self._by_kind.values():
            self._connect(searchable)

    def _connect(self, searchable: Searchable) -> None:
        from search import signals

        signals.connect(searchable)

    def __iter__(self):
        return iter(sorted(self._by_kind.values(), key=lambda s: (s.order, s.kind)))

    def __contains__(self, kind: str) -> bool:
        return kind in self._by_kind

    def __getitem__(self, kind: str) -> Searchable:
        return self._by_kind[kind]

    def for_model(self, model_or_obj) -> Searchable | None:
        model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
        return self._by_model.get(model._meta.concrete_model)


site = SearchRegistry()


def register(*models_to_register, registry: SearchRegistry = site):
    """Class decorator: `@register(Agreement)` above a Searchable subclass."""

    def wrapper(searchable_class):
        for model in models_to_register:
            registry.register(model, searchable_class)
        return searchable_class

    return wrapper
