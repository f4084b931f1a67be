from django.contrib import admin

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


@admin.register(PublicBody)
class PublicBodyAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = [
        "name", "kind", "parent", "is_cog_member", "cites_source", "county", "publication",
    ]  # fmt: skip
    list_filter = ["kind", "is_cog_member", CitesSourceFilter, "county", "publication"]
    list_select_related = ["parent"]
    search_fields = ["name", "county", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "sources"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "is_cog_member", "publication"]}),
        ("Details", {"fields": ["county", "planning_region", "website", "population"]}),
        CitedAdminMixin.cited_fieldset,
    ]
