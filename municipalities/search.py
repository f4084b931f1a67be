"""What of the municipalities and other public bodies is searchable."""

from django.conf import settings

from municipalities.models import PublicBody
from search.registry import Searchable, SearchText, register


@register(PublicBody)
class PublicBodySearch(Searchable):
    kind = "body"
    order = 30
    list_url_name = "municipalities:list"

    def text(self, body):
        parts = [body.get_kind_display(), body.county, body.planning_region]
        if body.is_cog_member:
            parts.append(f"{settings.COG_ABBREVIATION} member")
        return SearchText(body.name, "", "\n".join(part for part in parts if part))
