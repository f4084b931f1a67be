"""sitemap.xml for search engines: every published page, from the same published() querysets.

/sitemap.xml is an index of sections (sitemap-agreements.xml…), each split into pages of
SECTION_SIZE URLs (?p=2…), so 100,000 agreements never make one huge page: the index costs one
query per section (its count and max(updated_at) together), a section page one query for
SECTION_SIZE rows (and its count).
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse

from agreements.models import Agreement
from contacts.models import Program
from municipalities.models import PublicBody
from portal.models import SitePage
from region.answers import recorded_pairs
from services.models import ServiceCategory
from statutes.models import Statute


class StaticPagesSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return [
            "portal:home", "services:list", "agreements:list", "municipalities:list",
            "statutes:list", "contacts:list", "partners:find", "drafting:draft", "region:lookup",
            "region:matrix", "region:network", "region:savings",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


SECTION_SIZE = 5000


class PublishedSitemap(Sitemap):
    """Only what the public may see, in a stable order so that pages do not shift."""

    model = None
    limit = SECTION_SIZE

    def items(self):
        # A URL and a lastmod need only these: every get_absolute_url() reverses by slug.
        return self.model.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    @cached_property
    def _summary(self) -> dict:
        return self.model.objects.published().aggregate(latest=Max("updated_at"), count=Count("pk"))

    def get_latest_lastmod(self):
        """The section's lastmod in the index (Django's default loads every item)."""
        return self._summary["latest"]

    @property
    def paginator(self):
        # The index asks for the lastmod and the number of pages: one query gives both.
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self._summary["count"]
        return paginator


def _sitemap_for(model_class, priority):
    return type(
        f"{model_class.__name__}Sitemap",
        (PublishedSitemap,),
        {"model": model_class, "priority": priority},
    )


class AnswersSitemap(Sitemap):
    """ "Who provides … in …?" pages that have something recorded to say."""

    priority = 0.7
    limit = SECTION_SIZE

    def items(self):
        return recorded_pairs()

    def location(self, item):
        town, service = item
        return reverse("region:answer", kwargs={"town": town, "service": service})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "agreements": _sitemap_for(Agreement, 0.9),
    "answers": AnswersSitemap,
    "services": _sitemap_for(ServiceCategory, 0.7),
    "municipalities": _sitemap_for(PublicBody, 0.6),
    "statutes": _sitemap_for(Statute, 0.6),
    "programs": _sitemap_for(Program, 0.6),
    "about": _sitemap_for(SitePage, 0.5),
}
