from django.contrib import admin, messages
from django.db import models
from django.utils.text import capfirst
from markdownx.admin import MarkdownxModelAdmin

from portal.models import PublicationStatus, SitePage
from portal.search import index_queryset, kind_of


def _reindex(queryset):
    """update() sends no signals: tell search what changed."""
    if kind_of(queryset.model) is not None:
        index_queryset(queryset)


@admin.action(description="Publish the selected items")
def publish(modeladmin, request, queryset):
    count = queryset.update(publication=PublicationStatus.PUBLISHED)
    _reindex(queryset)
    modeladmin.message_user(request, f"{count} item(s) published.", messages.SUCCESS)


@admin.action(description="Unpublish the selected items (back to draft)")
def unpublish(modeladmin, request, queryset):
    count = queryset.update(publication=PublicationStatus.DRAFT)
    _reindex(queryset)
    modeladmin.message_user(request, f"{count} item(s) moved back to draft.", messages.SUCCESS)


class PublishableAdmin(MarkdownxModelAdmin):
    """Markdown editor with live preview, and the publish/unpublish bulk actions."""

    class Media:
        js = ["js/admin-a11y.js"]  # names for the autocomplete widgets

    # A web address typed without a scheme means https (Django 6's default, chosen now).
    formfield_overrides = {
        **MarkdownxModelAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }
    actions = [publish, unpublish]
    save_on_top = True
    list_per_page = 50

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose controls carry their column's name for screen readers.

    Django's tabular inlines show labels only as column headings, which assistive technology does
    not tie to the inputs (axe: "Form elements must have labels").
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", capfirst(formfield.label))
        return formfield


@admin.register(SitePage)
class SitePageAdmin(PublishableAdmin):
    list_display = ["title", "slug", "order", "publication", "updated_at"]
    list_editable = ["order"]
    list_filter = ["publication"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "lead", "body", "order", "publication"]


admin.site.site_header = "Shared Services portal: staff admin"
admin.site.site_title = "Shared Services admin"
admin.site.index_title = "Curate the portal"
