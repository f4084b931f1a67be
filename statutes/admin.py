from django.contrib import admin

from portal.admin import PublishableAdmin
from sources.admin import CitedAdminMixin, CitesSourceFilter
from statutes.models import Statute


@admin.register(Statute)
class StatuteAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = ["__str__", "title", "kind", "chapter", "cites_source", "order", "publication"]
    list_filter = ["kind", "publication", CitesSourceFilter, "categories"]
    search_fields = ["citation", "title", "summary"]
    prepopulated_fields = {"slug": ["citation", "title"]}
    autocomplete_fields = ["categories", "sources"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "citation",
                    "title",
                    "slug",
                    "kind",
                    "summary",
                    "chapter",
                    "official_url",
                    "categories",
                    "order",
                    "publication",
                ]
            },
        ),  # fmt: skip
        CitedAdminMixin.cited_fieldset,
    ]
