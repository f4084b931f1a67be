from django.contrib import admin

from portal.admin import PublishableAdmin
from services.models import ServiceCategory
from sources.admin import CitedAdminMixin, CitesSourceFilter


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = ["name", "kind", "order", "cites_source", "publication", "updated_at"]
    list_editable = ["order"]
    list_filter = ["kind", "publication", CitesSourceFilter]
    search_fields = ["name", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "kind", "summary", "description", "order", "publication"]},
        ),
        CitedAdminMixin.cited_fieldset,
    ]
