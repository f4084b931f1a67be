from django.contrib import admin

from contacts.models import Contact, Program, Resource
from portal.admin import LabelledTabularInline, PublishableAdmin
from sources.admin import CitedAdminMixin, CitesSourceFilter


class ContactInline(LabelledTabularInline):
    model = Contact.programs.through
    extra = 1
    autocomplete_fields = ["contact"]
    verbose_name = "contact"
    verbose_name_plural = "contacts"


@admin.register(Program)
class ProgramAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = ["name", "acronym", "administering_body", "cites_source", "order", "publication"]
    list_filter = ["publication", CitesSourceFilter]
    list_select_related = ["administering_body"]
    search_fields = ["name", "acronym", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["administering_body", "statutes", "sources"]
    inlines = [ContactInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "acronym",
                    "slug",
                    "administering_body",
                    "summary",
                    "description",
                    "eligibility",
                    "website",
                    "statutes",
                    "order",
                    "publication",
                ]
            },
        ),  # fmt: skip
        CitedAdminMixin.cited_fieldset,
    ]


@admin.register(Contact)
class ContactAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = [
        "name",
        "title",
        "organization",
        "email",
        "phone",
        "cites_source",
        "publication",
    ]
    list_filter = ["publication", CitesSourceFilter, "programs"]
    search_fields = ["name", "title", "organization", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["programs", "sources"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "title",
                    "organization",
                    "email",
                    "phone",
                    "organization_url",
                    "programs",
                    "publication",
                ]
            },
        ),  # fmt: skip
        CitedAdminMixin.cited_fieldset,
    ]


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    list_display = ["title", "publisher", "year", "order", "publication"]
    list_editable = ["order"]
    list_filter = ["publication"]
    search_fields = ["title", "publisher", "note", "url"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "publisher", "year", "url", "note", "order", "publication"]
