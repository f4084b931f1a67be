import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from agreements import facets
from agreements.models import Agreement
from contacts.models import Program
from municipalities.models import BodyKind, PublicBody
from portal import db
from portal.models import PublicationStatus, SitePage
from portal.preview import PreviewMixin, visible_to
from services.models import ServiceCategory, ServiceKind

PUBLISHED = PublicationStatus.PUBLISHED
INTRO_PAGE_SLUG = "what-are-shared-services"


def categories_by_kind():
    """Published categories with their published-agreement counts, grouped by kind: one query.

    The counts are those kept at commit (agreements.facets): grouping the link table took
    47 ms at 100,000 agreements on PostgreSQL, and a COUNT(DISTINCT) 190 ms."""
    categories = (
        ServiceCategory.objects.published()
        .annotate(agreement_count=facets.kept_count(facets.CATEGORY))
        .order_by("order", "name", "pk")
    )
    groups = {kind: [] for kind in ServiceKind}
    for category in categories:
        groups[ServiceKind(category.kind)].append(category)
    return [(kind.label, kind.value, items) for kind, items in groups.items()]


def region_counts(services: int) -> dict:
    """The home page's figures, published only: one query for agreements and one for bodies."""
    bodies = PublicBody.objects.published().aggregate(
        towns=Count("pk", filter=Q(kind=BodyKind.MUNICIPALITY)),
        others=Count("pk", filter=~Q(kind=BodyKind.MUNICIPALITY)),
    )
    return {
        "agreements": facets.total(),
        "towns": bodies["towns"],
        "other_bodies": bodies["others"],
        "services": services,
    }


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=SitePage.objects.published()
            .filter(slug=INTRO_PAGE_SLUG)
            .only("title", "slug")
            .first(),
            kinds=(kinds := categories_by_kind()),
            counts=region_counts(sum(len(items) for _, _, items in kinds)),
            recent_agreements=Agreement.objects.published()
            .for_listing()
            .order_by("-created_at")[:5],
            programs=Program.objects.published(),
            **kwargs,
        )


class SitePageView(PreviewMixin, DetailView):
    template_name = "portal/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return visible_to(self.request, SitePage.objects.all()).prefetch_related("sources")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    """The site's 500 page (503 when the database failed); if even that cannot render, a bare
    message (never a second 500)."""
    try:
        if isinstance(sys.exc_info()[1], DatabaseError):
            db.drop_broken_connections()
            return db.unavailable(request)
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError("<h1>Something went wrong</h1>", content_type="text/html")


def robots_txt(request):
    """Let search engines in, keep them out of the admin, point them at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not,
    within HEALTH_TIMEOUT seconds even when the database hangs (see portal.db)."""
    try:
        watchdog = db.short_watchdog(settings.HEALTH_TIMEOUT)
        with connection.execute_wrapper(watchdog), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        db.drop_broken_connections()
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
