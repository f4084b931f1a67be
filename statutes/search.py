"""What of the statute summaries is searchable."""

from portal.markdown import plain_text
from search.registry import Searchable, SearchText, register
from statutes.models import Statute


@register(Statute)
class StatuteSearch(Searchable):
    kind = "statute"
    order = 40

    def text(self, statute):
        title = "\n".join(part for part in (statute.citation, statute.title) if part)
        if not statute.citation:
            # Until we know which law it is, its summary only explains what we do not know:
            # searches for real laws should not find that text, and its descriptive title
            # ranks as a summary would, below the laws we could identify.
            return SearchText(statute.get_kind_display(), statute.title)
        return SearchText(title, plain_text(statute.summary), statute.get_kind_display())
