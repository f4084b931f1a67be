from django.contrib import admin

from portal.admin import PublishableAdmin
from statutes.models import Statute


@admin.register(Statute)
class StatuteAdmin(PublishableAdmin):
    list_display = ["__str__", "title", "kind", "order", "publication"]
    list_filter = ["kind", "publication", "categories"]
    search_fields = ["citation", "title", "summary"]
    prepopulated_fields = {"slug": ["citation", "title"]}
    autocomplete_fields = ["categories"]
    fields = [
        "citation", "title", "slug", "kind", "summary", "official_url", "categories", "order",
        "publication",
    ]  # fmt: skip
