import hashlib
import hmac
import ipaddress
import logging
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie
from django.views.generic import DetailView, ListView, TemplateView

from agreements import comparison
from agreements.filters import SORT_CHOICES, AgreementFilter
from agreements.models import (
    Agreement,
    AgreementDocument,
    DownloadKey,
    DownloadVisit,
)
from portal.pagination import BoundedPaginator, ForgivingPaginationMixin
from portal.preview import PreviewMixin, visible_to
from portal.security import client_ip

logger = logging.getLogger(__name__)


@method_decorator(vary_on_cookie, name="dispatch")  # "Add to comparison" reads the cookie
class AgreementDetailView(PreviewMixin, DetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return visible_to(self.request, Agreement.objects.all()).for_detail()

    def get_context_data(self, **kwargs):
        agreement = self.object
        category_ids = [c.pk for c in agreement.categories.all()]
        related = (
            Agreement.objects.published()
            .filter(categories__in=category_ids)
            .exclude(pk=agreement.pk)
            .distinct()
            .order_by("-updated_at", "pk")[:5]
        )
        return super().get_context_data(
            related=related,
            comparison=comparison.Comparison(self.request, agreement.slug),
            **kwargs,
        )


# At most this many unknown values are named in messages; a hostile URL may hold hundreds.
MAX_NAMED = 5
# Slugs looked up at most: enough for anything a person sends, bounded for a hostile address.
MAX_LOOKED_UP = 100


@method_decorator([require_safe, vary_on_cookie], name="dispatch")
class CompareView(TemplateView):
    """Up to four published agreements side by side, from a shareable address."""

    template_name = "agreements/agreement_compare.html"

    def get(self, request, *args, **kwargs):
        if "clear" in request.GET:
            messages.info(request, "Your comparison is empty now.")
            response = redirect("agreements:compare")
            comparison.remember(response, [])
            return response
        requested = request.GET.getlist("a")
        if not requested and comparison.remembered(request):
            return redirect(comparison.compare_url(comparison.remembered(request)))
        slugs = comparison.clean_slugs(requested)
        found = {
            a.slug: a
            for a in Agreement.objects.published()
            .filter(slug__in=slugs[:MAX_LOOKED_UP])
            .for_detail()
        }
        kept = [slug for slug in slugs if slug in found]
        self._explain_dropped(requested, found, kept)
        kept = kept[: comparison.MAX_COMPARED]
        if kept != requested:
            # Show the comparison under its clean address, the one worth sharing, and forget
            # what was dropped (else an emptied comparison would send readers back to it).
            response = redirect(comparison.compare_url(kept))
        else:
            response = super().get(request, agreements=[found[slug] for slug in kept])
        if kept != comparison.remembered(request):
            comparison.remember(response, kept)
        return response

    def _explain_dropped(self, requested, found, kept):
        unknown = [v for v in dict.fromkeys(requested) if v.strip() and v not in found]
        for value in unknown[:MAX_NAMED]:
            shown = value if len(value) <= 60 else f"{value[:60]}…"
            messages.warning(
                self.request,
                f"There is no published agreement “{shown}”; it was left out of the comparison.",
            )
        if len(unknown) > MAX_NAMED:
            messages.warning(
                self.request, f"{len(unknown) - MAX_NAMED} more unknown agreements were left out."
            )
        if len(kept) > comparison.MAX_COMPARED:
            messages.warning(
                self.request,
                f"You can compare up to {comparison.MAX_COMPARED} agreements at once: the first "
                f"{comparison.MAX_COMPARED} you chose are shown.",
            )

    def get_context_data(self, agreements, **kwargs):
        slugs = [a.slug for a in agreements]
        columns = [
            (a, comparison.compare_url([s for s in slugs if s != a.slug])) for a in agreements
        ]
        return super().get_context_data(
            columns=columns,
            rows=comparison.ROWS,
            max_compared=comparison.MAX_COMPARED,
            **kwargs,
        )


def file_response(document):
    """The stored file as an attachment under its original name; 404 if storage lost it."""
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError):
        logger.error("Document %s (%s) is missing from storage", document.pk, document.file.name)
        raise Http404("This document is not available.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _count_download(request, document) -> None:
    """Count a download honestly: a GET of the whole file, once per client, document and day.

    The client is known only by an HMAC of its address (its /64 network for IPv6) under a
    random key of the day; yesterday's key and visits are deleted as soon as anyone downloads.
    """
    if request.method != "GET" or "HTTP_RANGE" in request.META:
        return
    today = timezone.localdate()
    DownloadVisit.objects.filter(day__lt=today).delete()
    DownloadKey.objects.filter(day__lt=today).delete()
    key, _ = DownloadKey.objects.get_or_create(day=today, defaults={"key": secrets.token_hex(32)})
    client = hmac.new(key.key.encode(), _network(client_ip(request)).encode(), hashlib.sha256)
    try:
        with transaction.atomic():
            DownloadVisit.objects.create(document=document, day=today, client=client.hexdigest())
    except IntegrityError:
        return  # this client already downloaded it today
    # Counted in the database so concurrent downloads are never lost.
    AgreementDocument.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


def _network(address: str | None) -> str:
    """An IPv6 client is its /64 (one household or device may hold all of it)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@require_safe
def download_document(request, slug, pk):
    """Stream a document of a published agreement as an attachment, and count the download."""
    document = get_object_or_404(
        AgreementDocument.objects.select_related("agreement"),
        pk=pk,
        agreement__slug=slug,
        agreement__in=Agreement.objects.published(),
    )
    response = file_response(document)
    _count_download(request, document)
    return response


def _without_empty_values(query):
    """The query string without its empty values, or None if it has none to drop."""
    kept = [(k, v) for k in query for v in query.getlist(k) if v.strip()]
    if len(kept) == sum(len(query.getlist(k)) for k in query):
        return None
    return urlencode(kept)


FACET_LABELS = {
    "category": "Service",
    "municipality": "Municipality or body",
    "kind": "Kind of body",
    "statute": "Statute",
    "status": "Status",
}


# The library shows at most this many choices of a facet (those with the most agreements, and
# any ticked), and links to the facet's own page for the rest: 1,000 towns' checkboxes made
# the page 250 KB, and a keyboard user need not tab through every town to reach the button.
FACET_SHOWN = 15
# The facets that can grow with the data, and have a page of all their values.
LONG_FACETS = ("category", "municipality", "statute")


def _top_choices(choices: list[dict]) -> list[dict]:
    """The FACET_SHOWN choices with the most agreements, and every ticked one, in list order."""
    if len(choices) <= FACET_SHOWN:
        return choices
    ranked = sorted(range(len(choices)), key=lambda i: (-choices[i]["count"], i))
    keep = set(ranked[:FACET_SHOWN]) | {i for i, c in enumerate(choices) if c["checked"]}
    return [choice for i, choice in enumerate(choices) if i in keep]


@method_decorator(vary_on_cookie, name="dispatch")  # the compare boxes read the cookie
class AgreementListView(ForgivingPaginationMixin, ListView):
    """The library: filters, facet counts, chips and pagination, all in a plain GET form."""

    template_name = "agreements/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 20
    paginator_class = BoundedPaginator

    def get(self, request, *args, **kwargs):
        if "find" in request.GET:
            # The facet page's name search rides along when its form is applied: not a filter.
            query = request.GET.copy()
            query.pop("find")
            return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
        filled = _without_empty_values(request.GET)
        if filled is not None:
            # A plain GET form sends every field, empty or not: keep addresses short and clean.
            return redirect(f"{request.path}?{filled}" if filled else request.path)
        self.filterset = AgreementFilter(request.GET, queryset=Agreement.objects.published())
        # The results the pages reach, ranked in the query that counts the facets.
        self.filterset.rank_limit = self.rank_limit
        self.facets = self.filterset.facets()
        unknown = self._unknown_values()
        if unknown:
            # Drop values that match nothing we publish, say so, and show the nearest valid view.
            query = request.GET.copy()
            for name, values in unknown.items():
                query.setlist(name, [v for v in query.getlist(name) if v not in values])
                label = FACET_LABELS[name].lower()
                for value in values:
                    messages.warning(
                        request, f"There is no {label} “{value}”; that filter was removed."
                    )
            query.pop("page", None)
            encoded = query.urlencode()
            return redirect(f"{request.path}?{encoded}" if encoded else request.path)
        return super().get(request, *args, **kwargs)

    def _unknown_values(self):
        unknown = {}
        for name in ("category", "municipality", "statute"):
            known = {choice["value"] for choice in self.facets[name]}
            missing = [v for v in self.filterset.value(name) or [] if v not in known]
            if missing:
                unknown[name] = missing
        return unknown

    def get_paginator(self, queryset, per_page, **kwargs):
        if not self.filterset.active_filters():
            # Every published agreement: the facets' kept count of them, not a COUNT of the
            # table (30 ms at 100,000 agreements).
            documents = self.facets["has_documents"]
            kwargs["known_count"] = documents["yes"] + documents["no"]
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_queryset(self):
        # Only the results a page can reach are ranked in order (all are counted).
        return self.filterset.sorted_qs(limit=self.rank_limit)

    @property
    def rank_limit(self) -> int:
        return self.paginator_class.max_pages * self.paginate_by

    def get_context_data(self, **kwargs):
        # Choices that would give nothing and are not selected only add noise to the form.
        facets = {
            name: [c for c in choices if c["count"] or c["checked"]]
            if isinstance(choices, list)
            else choices
            for name, choices in self.facets.items()
        }
        # How many choices a long facet has in all, when the form shows only the top ones.
        more = {name: len(facets[name]) for name in LONG_FACETS if len(facets[name]) > FACET_SHOWN}
        facets.update({name: _top_choices(facets[name]) for name in more})
        context = super().get_context_data(
            filter=self.filterset,
            facets=facets,
            more=more,
            chips=self._chips(),
            estimated=bool(self.filterset.estimated),
            sort_choices=SORT_CHOICES,
            compared=comparison.remembered(self.request),
            max_compared=comparison.MAX_COMPARED,
            **kwargs,
        )
        on_page = {agreement.slug for agreement in context["agreements"]}
        # Chosen on other pages: sent again with this page's ticks, so none is lost.
        context["compared_elsewhere"] = [s for s in context["compared"] if s not in on_page]
        return context

    def _chips(self):
        """One removable chip per active filter value, each a link without that value."""
        fs, get = self.filterset, self.request.GET
        labels = {
            name: {c["value"]: c["label"] for c in self.facets[name]} for name in FACET_LABELS
        }
        chips = []

        def without(name, value=None):
            query = get.copy()
            query.pop("page", None)
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, [v for v in query.getlist(name) if v != value])
            encoded = query.urlencode()
            return f"{self.request.path}?{encoded}" if encoded else self.request.path

        if fs.query:
            chips.append((f"Search: {fs.query}", without("q")))
        for name, prefix in FACET_LABELS.items():
            for value in fs.value(name) or []:
                chips.append((f"{prefix}: {labels[name].get(value, value)}", without(name, value)))
        for name, text in (("year_from", "From {}"), ("year_to", "Until {}")):
            if fs.value(name) is not None:
                chips.append((text.format(int(fs.value(name))), without(name)))
        if fs.value("has_documents") in ("yes", "no"):
            text = "With documents" if fs.value("has_documents") == "yes" else "Without documents"
            chips.append((text, without("has_documents")))
        return chips


class FacetValuesView(TemplateView):
    """`/agreements/filters/<facet>/`: every value of a long facet, with counts under the
    library's other current filters, to tick and apply; `find` narrows the list by name."""

    template_name = "agreements/facet_values.html"

    def get(self, request, *args, name, **kwargs):
        if name not in LONG_FACETS:
            raise Http404("No such filter.")
        query = request.GET.copy()
        query.pop("page", None)
        find = query.pop("find", [""])[-1].strip()[:100]
        filterset = AgreementFilter(query, queryset=Agreement.objects.published())
        filterset.estimate = False  # the full list counts every result, however many
        choices = [c for c in filterset.facets()[name] if c["count"] or c["checked"]]
        shown = [c for c in choices if find.casefold() in c["label"].casefold()]
        # The library's other filters ride along as hidden fields, so applying keeps them.
        kept = [(key, value) for key in query for value in query.getlist(key) if key != name]
        context = self.get_context_data(
            name=name,
            label=FACET_LABELS[name],
            choices=choices,
            shown=shown,
            find=find,
            kept=kept,
            back=f"{reverse('agreements:list')}?{query.urlencode()}"
            if query
            else reverse("agreements:list"),
        )
        return self.render_to_response(context)
