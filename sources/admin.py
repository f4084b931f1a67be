from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef

from imports.admin import ImportAdminMixin
from imports.resources import SourceResource
from portal.history import HistoryAdmin
from sources.models import Source


def _citing(model):
    """An Exists() that is true for the rows of `model` citing at least one source."""
    field = model._meta.get_field("sources")
    through = field.remote_field.through
    return Exists(through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")}))


class CitesSourceFilter(admin.SimpleListFilter):
    title = "sources"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [("none", "Cites no source"), ("some", "Cites a source")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(~_citing(queryset.model))
        if self.value() == "some":
            return queryset.filter(_citing(queryset.model))
        return queryset


class CitedAdminMixin:
    """For admins of models that cite sources: a column and a filter showing who cites none."""

    cited_fieldset = (
        "Sources and notes on this record",
        {
            "fields": ["sources", "record_notes"],
            "description": "Cite where the facts come from. Use the notes for what the sources "
            "leave unsaid, so readers never mistake a gap for a fact.",
        },
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cites_source=_citing(self.model))

    @admin.display(description="cites a source", boolean=True, ordering="cites_source")
    def cites_source(self, obj):
        return obj.cites_source


@admin.register(Source)
class SourceAdmin(ImportAdminMixin, HistoryAdmin):
    resource_classes = [SourceResource]  # "Import" (CSV or Excel): imports.admin
    # A web address typed without a scheme means https, as elsewhere in this admin.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "published_year", "url"]
    list_filter = ["publisher", "published_year"]
    search_fields = ["title", "publisher", "url", "note"]
    fields = ["title", "publisher", "url", "published_on", "published_year", "accessed_on", "note"]
