from django.contrib import admin

from contacts.models import Contact, Program, Resource
from portal.admin import LabelledTabularInline, PublishableAdmin


class ContactInline(LabelledTabularInline):
    model = Contact.programs.through
    extra = 1
    autocomplete_fields = ["contact"]
    verbose_name = "contact"
    verbose_name_plural = "contacts"


@admin.register(Program)
class ProgramAdmin(PublishableAdmin):
    list_display = ["name", "acronym", "administering_body", "order", "publication"]
    list_filter = ["publication"]
    list_select_related = ["administering_body"]
    search_fields = ["name", "acronym", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["administering_body", "statutes"]
    inlines = [ContactInline]
    fields = [
        "name", "acronym", "slug", "administering_body", "summary", "description",
        "eligibility", "website", "statutes", "order", "publication",
    ]  # fmt: skip


@admin.register(Contact)
class ContactAdmin(PublishableAdmin):
    list_display = ["name", "title", "organization", "email", "phone", "publication"]
    list_filter = ["publication", "programs"]
    search_fields = ["name", "title", "organization", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["programs"]
    fields = ["name", "slug", "title", "organization", "email", "phone", "programs", "publication"]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["title", "publisher", "order", "publication"]
    list_editable = ["order"]
    list_filter = ["publication"]
    search_fields = ["title", "publisher", "note", "url"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "publisher", "url", "note", "order", "publication"]
