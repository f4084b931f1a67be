"""A django-filter filter that narrows any list of a registered kind with the site's engine."""

import django_filters

from search.engine import Search
from search.query import MAX_QUERY_LENGTH


class SearchFilter(django_filters.CharFilter):
    """Full-text search words for a FilterSet over a registered model.

    The match runs once per request, however many times the FilterSet applies its filters (the
    library applies them once for the results and once per facet): the engine's ids and ranks
    are kept on the FilterSet, as `search_ranks`, for sorting by relevance.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Search words")
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        searches = self.parent.__dict__.setdefault("_searches", {})
        if value not in searches:
            searches[value] = Search(value)
        filtered, self.parent.search_ranks = searches[value].filter(qs)
        return filtered
