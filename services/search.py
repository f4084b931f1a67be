"""What of the service categories is searchable (registered with the search app)."""

from portal.markdown import plain_text
from search.registry import Searchable, SearchText, register
from services.models import ServiceCategory


@register(ServiceCategory)
class ServiceCategorySearch(Searchable):
    kind = "category"
    order = 20

    def text(self, category):
        body = "\n".join([category.get_kind_display(), plain_text(category.description)])
        return SearchText(category.name, category.summary, body)
