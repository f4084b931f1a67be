"""What of the site pages is searchable (registered with the search app)."""

from portal.markdown import plain_text
from portal.models import SitePage
from search.registry import Searchable, SearchText, register


@register(SitePage)
class SitePageSearch(Searchable):
    kind = "page"
    order = 80

    def text(self, page):
        return SearchText(page.title, page.lead, plain_text(page.body))
