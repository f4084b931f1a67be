from django.contrib import admin

from search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Staff teach search the words residents use: "trash" also searches "solid waste"."""

    list_display = ["term", "meaning", "note", "updated_at"]
    search_fields = ["term", "meaning", "note"]
    fields = ["term", "meaning", "note"]
    list_per_page = 100
