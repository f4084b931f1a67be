from django.contrib import admin
from django.utils.html import format_html, format_html_join

from linkcheck.models import LinkCheck


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """Results of `manage.py check_links`: staff read them and fix the records that cite a link."""

    list_display = ["url", "status", "http_status", "checked_at", "failures"]
    list_filter = ["status"]
    search_fields = ["url"]
    list_per_page = 100
    fields = [
        "url", "status", "http_status", "final_url", "error", "checked_at", "first_failed_at",
        "failures", "cited_by",
    ]  # fmt: skip
    readonly_fields = fields

    # Only the command writes checks; deleting one is harmless (the next run checks it afresh).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="cited by")
    def cited_by(self, obj):
        uses = obj.used_by()
        if not uses:
            return "No record cites this link any more."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{}: <a href="{}">{}</a></li>',
                ((use.label, use.admin_url or "", use.obj) for use in uses),
            ),
        )
