"""A search.py as a new app would write it: the only file a new searchable kind needs.

tests/search/test_registry.py imports it (as Django's autodiscovery would) and unregisters the
kind afterwards. Sources are not searchable on the site; here they are, for the test.
"""

from search.registry import Searchable, SearchText, register
from sources.models import Source


@register(Source)
class SourceSearch(Searchable):
    kind = "source"
    order = 90

    def published(self):
        return Source.objects.all()  # sources have no draft state

    def text(self, source):
        return SearchText(source.title, source.publisher, source.note)
