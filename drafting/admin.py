from django.contrib import admin

from drafting.models import Clause
from portal.admin import PublishableAdmin


@admin.register(Clause)
class ClauseAdmin(PublishableAdmin):
    list_display = ["title", "topic", "option", "statute", "order", "publication", "updated_at"]
    list_filter = ["publication", "topic", "option"]
    list_select_related = ["statute"]
    search_fields = ["title", "slug", "text", "guidance", "citation"]
    ordering = ["topic", "order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["statute"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "option", "order", "publication"]}),
        ("Text", {"fields": ["text", "guidance"]}),
        ("Law", {"fields": ["statute", "citation"]}),
    ]
    view_on_site = False  # a clause has no page of its own: it shows in the builder's drafts
