from django.urls import path, register_converter

from exports import views
from exports.queries import EXPORTS
from exports.writers import FORMATS


class ExtensionConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExtensionConverter, "export_extension")

# /agreements/export.csv and so on: under each list's own address, with the list's query. A
# dot cannot occur in a slug, so these never take the address of an item's page.
app_name = "exports"
urlpatterns = [
    path(f"{kind}/export.<export_extension:extension>", views.download, {"kind": kind}, name=kind)
    for kind in EXPORTS
]
