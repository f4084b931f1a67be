from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from api import views

app_name = "api"


class Router(routers.DefaultRouter):
    APIRootView = views.RootView
    include_format_suffixes = False  # JSON only: no `.json` twin of every address


router = Router()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("statutes", views.StatuteViewSet, basename="statute")
router.register("programs", views.ProgramViewSet, basename="program")

# Swagger UI's own script and styles come from our static files (drf-spectacular-sidecar), its
# set-up script from a second request (?script), never inline; its icons are data: images.
docs = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html")
)

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
]
