from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from markdownx.views import MarkdownifyView

from portal import views
from portal.decorators import staff_required
from portal.sitemaps import SITEMAPS
from portal.uploads import RasterImageUploadView

app_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("about/<slug:slug>/", views.SitePageView.as_view(), name="page"),
        path("robots.txt", views.robots_txt, name="robots"),
        path("health/", views.health, name="health"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(app_patterns)),
    # Before the lists' own URLs: /agreements/export.csv and the like (see docs/exports.md).
    path("", include("exports.urls")),
    path("services/", include("services.urls")),
    # Before the library's <slug>/ pages: "draft" is reserved (see agreements.models).
    path("agreements/draft/", include("drafting.urls")),
    path("agreements/", include("agreements.urls")),
    path("partners/", include("partners.urls")),
    path("", include("region.urls")),
    path("municipalities/", include("municipalities.urls")),
    path("statutes/", include("statutes.urls")),
    path("programs/", include("contacts.urls")),
    path("search/", include("search.urls")),
    # markdownx's preview and image upload answer staff only; the names are the widget's.
    path(
        "markdownx/markdownify/",
        staff_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path(
        "markdownx/upload/",
        staff_required(RasterImageUploadView.as_view()),
        name="markdownx_upload",
    ),
    path("feeds/", include("feeds.urls")),
    # The read-only API, its OpenAPI description and its docs page (see docs/api.md).
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    # An index of sections, each paginated (see portal.sitemaps): no single huge page.
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

if settings.DEBUG:
    # Only the editor's images: agreement documents go through their views (drafts are private).
    urlpatterns += static(
        f"{settings.MEDIA_URL}markdownx/", document_root=settings.MEDIA_ROOT / "markdownx"
    )

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
