from django.contrib import admin

from portal.admin import PublishableAdmin
from services.models import ServiceCategory


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(PublishableAdmin):
    list_display = ["name", "kind", "order", "publication", "updated_at"]
    list_editable = ["order"]
    list_filter = ["kind", "publication"]
    search_fields = ["name", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "summary", "description", "order", "publication"]
