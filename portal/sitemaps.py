"""sitemap.xml for search engines: every published page, from the same published() querysets."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Agreement
from contacts.models import Program
from municipalities.models import PublicBody
from portal.models import SitePage
from services.models import ServiceCategory
from statutes.models import Statute


class StaticPagesSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return [
            "portal:home", "services:list", "agreements:list", "municipalities:list",
            "statutes:list", "contacts:list", "partners:find", "drafting:draft",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    """One query per model: only what the public may see, newest change first."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def _sitemap_for(model_class, priority):
    return type(
        f"{model_class.__name__}Sitemap",
        (PublishedSitemap,),
        {"model": model_class, "priority": priority},
    )


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "agreements": _sitemap_for(Agreement, 0.9),
    "services": _sitemap_for(ServiceCategory, 0.7),
    "municipalities": _sitemap_for(PublicBody, 0.6),
    "statutes": _sitemap_for(Statute, 0.6),
    "programs": _sitemap_for(Program, 0.6),
    "about": _sitemap_for(SitePage, 0.5),
}
