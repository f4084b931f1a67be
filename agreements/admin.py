from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from agreements.models import Agreement, AgreementDocument, Party, SavingsClaim
from agreements.validators import ACCEPT_ATTRIBUTE, max_upload_bytes
from portal.admin import LabelledTabularInline, PublishableAdmin
from sources.admin import CitedAdminMixin, CitesSourceFilter


class PartyInline(LabelledTabularInline):
    model = Party
    extra = 2
    min_num = 1
    autocomplete_fields = ["body"]
    verbose_name_plural = "parties (who shares, and in which role)"


class SavingsClaimInline(admin.StackedInline):
    model = SavingsClaim
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name_plural = "savings claims (who claimed what saving, when, and where)"
    fields = [("amount", "period", "year", "kind"), "stated_by", "description", "source"]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "kind", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"PDF, DOCX, DOC or ODT, up to {filesizeformat(max_upload_bytes())}."


class DocumentInline(LabelledTabularInline):
    model = AgreementDocument
    form = DocumentForm
    extra = 1
    fields = ["title", "kind", "file", "size_display", "download_count", "uploaded_at"]
    readonly_fields = ["size_display", "download_count", "uploaded_at"]

    @admin.display(description="size")
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


@admin.register(Agreement)
class AgreementAdmin(CitedAdminMixin, PublishableAdmin):
    list_display = ["title", "status", "start_year", "cites_source", "publication", "updated_at"]
    list_filter = [
        "publication", "status", CitesSourceFilter, "governance", "categories", "statutes",
    ]  # fmt: skip
    search_fields = ["title", "summary", "bodies__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "statutes", "sources"]
    inlines = [PartyInline, SavingsClaimInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "categories", "summary", "publication"]}),
        (
            "Terms",
            {
                "fields": [
                    "status",
                    ("start_year", "start_date"),
                    ("end_year", "end_date"),
                    "governance",
                    "governance_detail",
                    "cost_sharing",
                ]
            },
        ),  # fmt: skip
        ("Authority", {"fields": ["statutes", "legal_basis"]}),
        CitedAdminMixin.cited_fieldset,
    ]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(admin.ModelAdmin):
    class Media:
        js = ["js/admin-a11y.js"]

    form = DocumentForm
    list_display = ["title", "agreement", "kind", "content_type", "size", "download_count"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["agreement"]
    search_fields = ["title", "original_filename", "agreement__title"]
    autocomplete_fields = ["agreement"]
    readonly_fields = ["original_filename", "size", "content_type", "download_count", "uploaded_at"]

    def get_fields(self, request, obj=None):
        return ["agreement", "title", "kind", "file", *self.readonly_fields]
