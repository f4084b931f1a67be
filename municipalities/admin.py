from django.contrib import admin
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from imports.admin import ImportAdminMixin
from imports.resources import PublicBodyResource
from municipalities.models import Membership, PublicBody
from portal.admin import LabelledTabularInline, PublishableAdmin
from sources.admin import CitedAdminMixin, CitesSourceFilter


class MembershipInline(LabelledTabularInline):
    model = Membership
    fk_name = "body"
    extra = 0
    autocomplete_fields = ["member"]
    verbose_name = "member"
    verbose_name_plural = "members (for a district, authority or council: the towns that belong)"
    fields = ["member", "joined_year", "left_year", "note"]


class CountyFilter(admin.SimpleListFilter):
    """By county, with "Not recorded" named (a blank county made a link with no text)."""

    title = "county"
    parameter_name = "county"
    NOT_RECORDED = "-"

    def lookups(self, request, model_admin):
        counties = (
            PublicBody.objects.exclude(county="")
            .order_by("county")
            .values_list("county", flat=True)
            .distinct()
        )
        return [(county, county) for county in counties] + [(self.NOT_RECORDED, "Not recorded")]

    def queryset(self, request, queryset):
        if self.value() == self.NOT_RECORDED:
            return queryset.filter(county="")
        return queryset.filter(county=self.value()) if self.value() else queryset


@admin.register(PublicBody)
class PublicBodyAdmin(ImportAdminMixin, CitedAdminMixin, PublishableAdmin):
    resource_classes = [PublicBodyResource]  # "Import" (CSV or Excel): imports.admin
    list_display = [
        "name", "kind", "parent", "is_cog_member", "cites_source", "county", "publication",
    ]  # fmt: skip
    list_filter = ["kind", "is_cog_member", CitesSourceFilter, CountyFilter, "publication"]
    list_select_related = ["parent"]
    search_fields = ["name", "county", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "sources"]
    inlines = [MembershipInline]

    def get_search_results(self, request, queryset, search_term):
        """Names first: exact, then starting with the words, then containing them; then the
        rest (a county or a parent town). Typing "Tolland" must offer Tolland, not Andover."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        queryset = queryset.select_related("parent")  # for autocomplete_label
        term = search_term.strip()
        if term:
            queryset = (
                queryset.annotate(
                    match=Case(
                        When(name__iexact=term, then=Value(0)),
                        When(name__istartswith=term, then=Value(1)),
                        When(Q(name__icontains=f" {term}") | Q(name__icontains=f"-{term}"),
                             then=Value(2)),
                        When(name__icontains=term, then=Value(3)),
                        default=Value(4),
                        output_field=IntegerField(),
                    )
                )
                .order_by("match", Lower("name"), "pk")
            )  # fmt: skip
        return queryset, may_have_duplicates

    def autocomplete_label(self, obj):
        place = obj.parent.name if obj.parent_id else obj.county
        draft = "" if obj.is_published else "draft"
        details = ", ".join(part for part in (obj.get_kind_display(), place, draft) if part)
        return f"{obj.name} — {details}"

    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "is_cog_member", "publication"]}),
        ("Details", {"fields": ["county", "planning_region", "website", "population"]}),
        CitedAdminMixin.cited_fieldset,
    ]
