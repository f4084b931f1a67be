from django.contrib import admin

from municipalities.models import PublicBody
from portal.admin import PublishableAdmin


@admin.register(PublicBody)
class PublicBodyAdmin(PublishableAdmin):
    list_display = ["name", "kind", "parent", "is_crcog_member", "county", "publication"]
    list_filter = ["kind", "is_crcog_member", "county", "publication"]
    list_select_related = ["parent"]
    search_fields = ["name", "county", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "is_crcog_member", "publication"]}),
        ("Details", {"fields": ["county", "planning_region", "website", "population"]}),
    ]
