"""Atom feeds of new and updated agreements: site-wide, per service category and per town.

Every feed starts from `published()`, and an entry names only published parties and categories
(the same prefetches as a result row), so a feed costs the same few queries whatever its length.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from agreements.models import Agreement
from municipalities.models import PublicBody
from portal.markdown import plain_text
from services.models import ServiceCategory

FEED_LENGTH = 50
SUMMARY_WORDS = 60


class StableIdAtom1Feed(Atom1Feed):
    """Atom whose entry ids hang on the agreement's pk, so a renamed slug is not a new entry."""

    def add_item_elements(self, handler, item):
        if (pk := item.get("agreement_pk")) is not None:
            # RFC 4151 tag URI: the site's host, the day the entry first appeared, the pk.
            host = urlsplit(item["link"]).hostname
            item = {**item, "unique_id": f"tag:{host},{item['pubdate']:%Y-%m-%d}:agreement-{pk}"}
        super().add_item_elements(handler, item)


def _names(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _years(agreement) -> str:
    """'Began in 2015; ended in 2020.', 'Began in 2015.', 'Runs to 2030.' or ''."""
    parts = []
    if agreement.start_year:
        parts.append(f"began in {agreement.start_year}")
    if agreement.end_year:
        verb = "ended in" if agreement.term_is_over else "runs to"
        parts.append(f"{verb} {agreement.end_year}")
    return f"{'; '.join(parts)}.".capitalize() if parts else ""


def entry_summary(agreement) -> str:
    """Plain text: a sentence built from the fields (status, published parties, years), then
    the start of the staff summary as words only (sanitized Markdown, tags stripped)."""
    leads = set(agreement.leads)
    parties = [f"{b.name} (lead)" if b in leads else b.name for b in agreement.party_bodies]
    parts = [f"{agreement.get_status_display()}."]
    if parties:
        parts.append(f"Parties: {_names(parties)}.")
    if years := _years(agreement):
        parts.append(years)
    if words := plain_text(agreement.summary):
        parts.append(Truncator(words).words(SUMMARY_WORDS, truncate="…"))
    return " ".join(parts)


class AgreementsFeed(Feed):
    """The newest changes first: a new agreement, or a published one edited."""

    feed_type = StableIdAtom1Feed

    def title(self):
        return f"New and updated agreements | {settings.SITE_NAME}"

    def link(self):
        return reverse("agreements:list")

    def subtitle(self):
        return f"Shared-services agreements recorded by the {settings.COG_NAME}."

    def author_name(self):
        return settings.COG_NAME

    def items(self):
        return self.agreements(Agreement.objects.all())

    def agreements(self, queryset):
        return queryset.published().for_listing().order_by("-updated_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html">: the plain text, escaped once more so "<" stays text.
        return escape(entry_summary(item))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]

    def item_extra_kwargs(self, item):
        return {"agreement_pk": item.pk}


class CategoryAgreementsFeed(AgreementsFeed):
    """Agreements covering one published service category."""

    def get_object(self, request, slug):
        return get_object_or_404(ServiceCategory.objects.published(), slug=slug)

    def title(self, obj):
        return f"{obj.name}: new and updated agreements | {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.agreements(Agreement.objects.filter(categories=obj))


class BodyAgreementsFeed(AgreementsFeed):
    """Agreements a published town or body takes part in."""

    def get_object(self, request, slug):
        return get_object_or_404(PublicBody.objects.published(), slug=slug)

    def title(self, obj):
        return f"{obj.name}: new and updated agreements | {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.agreements(Agreement.objects.filter(parties__body=obj))
