from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html

from agreements.models import Agreement, AgreementDocument, Party, SavingsClaim
from agreements.validators import ACCEPT_ATTRIBUTE, STORED_TYPES, max_upload_bytes
from agreements.views import file_response
from imports.admin import ImportAdminMixin
from imports.resources import AgreementResource
from portal.admin import LabelledTabularInline, PublishableAdmin
from portal.history import HistoryAdmin, ReasonForm
from search.extract import TextStatus
from sources.admin import CitedAdminMixin, CitesSourceFilter


class PartyInline(LabelledTabularInline):
    model = Party
    extra = 2  # empty rows are ignored: a draft may have no party yet
    autocomplete_fields = ["body"]
    verbose_name_plural = "parties (who shares, and in which role)"


class SavingsClaimInline(admin.StackedInline):
    model = SavingsClaim
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name_plural = "savings claims (who claimed what saving, when, and where)"
    fields = [("amount", "period", "year", "kind"), "stated_by", "description", "source"]


class _StaffLink:
    """The stored file as the upload widget shows it, linked to the staff-only download."""

    def __init__(self, file, url, name=""):
        self.file, self.url, self.name = file, url, name

    def __str__(self):
        return self.name or str(self.file)


class StaffFileInput(forms.ClearableFileInput):
    """Links "Currently:" to the admin's own download, never to MEDIA_URL (drafts are private,
    and uploaded documents are not served from there at all)."""

    staff_url = None
    staff_name = ""  # the name it was uploaded with, rather than the storage path

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.staff_url and context["widget"]["is_initial"]:
            context["widget"]["value"] = _StaffLink(value, self.staff_url, self.staff_name)
        return context


class DocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "kind", "file"]
        widgets = {"file": StaffFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.staff_url = reverse(
                "admin:agreements_agreementdocument_file", args=[self.instance.pk]
            )
            self.fields["file"].widget.staff_name = self.instance.original_filename
        # Shown under the field (a stacked form shows help text; a table hides it in a "?").
        self.fields[
            "file"
        ].help_text = f"PDF, DOCX or ODT, up to {filesizeformat(max_upload_bytes())}."


FILE_LOST = "The form had errors, so the file you chose was not saved: choose the file again."
FILE_MISSING = (
    "Choose a file for this document. A file chosen before the form showed errors is not "
    "kept: choose it again."
)


def explain_lost_files(request, forms) -> list[str]:
    """Say, on each document form re-displayed with errors, that its chosen file was dropped.

    Browsers never refill a file input, so after any error on the page the upload is gone,
    silently. Returns the names of the documents whose file must be chosen again.
    """
    lost = []
    for form in forms:
        if not form.is_bound or "file" not in form.fields:
            continue
        upload = request.FILES.get(form.add_prefix("file"))
        title = form.data.get(form.add_prefix("title"), "").strip()
        file_errors = [error.code for error in form.errors.as_data().get("file", [])]
        if upload is not None and not file_errors:
            form.add_error("file", FILE_LOST)
        elif upload is None and form.instance.pk is None and title and file_errors == ["required"]:
            # A new row with a title and no file: the file was most likely dropped earlier.
            del form.errors["file"]
            form.add_error("file", FILE_MISSING)
        else:
            continue
        lost.append(title or (upload.name if upload else ""))
    return lost


# What staff call each stored file type, by extension (agreements.validators.STORED_TYPES).
FILE_TYPE_NAMES = {
    ".pdf": "PDF document",
    ".docx": "Word document (DOCX)",
    ".odt": "OpenDocument text (ODT)",
    ".doc": "Old Word document (DOC)",
}


def human_file_type(document) -> str:
    """“PDF document”, “Word document (DOCX)”…: the stored file's type as staff name it."""
    suffix = Path(document.original_filename or document.file.name).suffix.lower()
    if not suffix:
        return "Unknown type"
    return FILE_TYPE_NAMES.get(suffix, f"{suffix[1:].upper()} file")


class FileTypeFilter(admin.SimpleListFilter):
    """Filter documents by type, named as staff name them, not by MIME type."""

    title = "file type"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [(STORED_TYPES[suffix][0], name) for suffix, name in FILE_TYPE_NAMES.items()]

    def queryset(self, request, queryset):
        return queryset.filter(content_type=self.value()) if self.value() else queryset


class DocumentDisplayMixin:
    """The stored file's facts in words: its type, size and whether search can read it."""

    @admin.display(description="file type", ordering="content_type")
    def type_display(self, obj):
        return human_file_type(obj) if obj and obj.pk else "—"

    @admin.display(description="size", ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj and obj.pk else "—"

    @admin.display(description="text for search")
    def text_display(self, obj):
        return text_status_display(obj)


class DocumentInline(DocumentDisplayMixin, admin.StackedInline):
    """One block per document: a table's columns do not fit a file input and its facts."""

    model = AgreementDocument
    form = DocumentForm
    extra = 1
    fieldsets = [
        (None, {"fields": ["title", "kind", "file"]}),
        (
            "Stored file",
            {
                "classes": ["stored-file"],  # hidden by admin.css in rows not saved yet
                "fields": [
                    "type_display",
                    "size_display",
                    "text_display",
                    "download_count",
                    "uploaded_at",
                ],
            },
        ),
    ]
    readonly_fields = [
        "type_display", "size_display", "text_display", "download_count", "uploaded_at",
    ]  # fmt: skip


def text_status_display(document):
    """The document's text status, with a warning sign when search cannot read it."""
    if not document.pk:
        return "—"
    label = document.get_text_status_display()
    if document.text_status in (TextStatus.OK, TextStatus.PENDING):
        return label
    return format_html('<strong class="text-warning">⚠ {}</strong>', label)


@admin.register(Agreement)
class AgreementAdmin(ImportAdminMixin, CitedAdminMixin, PublishableAdmin):
    resource_classes = [AgreementResource]  # "Import" (CSV or Excel): imports.admin
    list_display = ["title", "status", "start_year", "cites_source", "publication", "updated_at"]
    list_filter = [
        "publication", "status", CitesSourceFilter, "governance", "categories", "statutes",
    ]  # fmt: skip
    search_fields = ["title", "summary", "bodies__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "statutes", "sources"]
    inlines = [PartyInline, SavingsClaimInline, DocumentInline]
    publication_prefetch = ["categories", "parties__body", "sources"]  # for the publish action

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in form.instance.warnings():
            messages.warning(request, warning)
        # Files just uploaded whose text search cannot read (scanned, damaged, .doc): say so.
        for formset in formsets:
            if formset.model is not AgreementDocument:
                continue
            for document in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                if document.text_status not in (TextStatus.OK, TextStatus.PARTIAL):
                    messages.warning(
                        request,
                        f"Search cannot read the text of “{document.title}”: "
                        f"{document.get_text_status_display()}.",
                    )

    def render_change_form(self, request, context, *args, **kwargs):
        # A POST renders the form again only when something on the page was invalid.
        if request.method == "POST":
            documents = [
                form
                for inline in context.get("inline_admin_formsets", [])
                if inline.formset.model is AgreementDocument
                for form in inline.formset.forms
            ]
            if lost := explain_lost_files(request, documents):
                names = ", ".join(f"“{name}”" if name else "a new document" for name in lost)
                self.message_user(
                    request,
                    f"The form had errors, so the file you chose for {names} was not saved: "
                    "choose the file again."
                    if len(lost) == 1
                    else f"The form had errors, so the files you chose for {names} were not "
                    "saved: choose them again.",
                    messages.WARNING,
                )
        return super().render_change_form(request, context, *args, **kwargs)

    fieldsets = [
        (None, {"fields": ["title", "slug", "categories", "summary", "publication"]}),
        (
            "Terms",
            {
                "fields": [
                    "status",
                    ("start_year", "start_date"),
                    ("end_year", "end_date"),
                    "review_due",
                    "governance",
                    "governance_detail",
                    "cost_sharing",
                ]
            },
        ),  # fmt: skip
        ("Authority", {"fields": ["statutes", "legal_basis"]}),
        CitedAdminMixin.cited_fieldset,
    ]


class DocumentReasonForm(ReasonForm, DocumentForm):
    """The document form with the optional reason for the change (history)."""


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(DocumentDisplayMixin, HistoryAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-a11y.js"]

    form = DocumentReasonForm
    list_display = [
        "title", "agreement", "kind", "type_display", "size_display", "text_status",
        "download_count",
    ]  # fmt: skip
    list_filter = ["kind", FileTypeFilter, "text_status"]
    list_select_related = ["agreement"]
    search_fields = ["title", "original_filename", "agreement__title"]
    autocomplete_fields = ["agreement"]
    readonly_fields = [
        "original_filename", "type_display", "size_display", "text_display", "download_count",
        "uploaded_at",
    ]  # fmt: skip

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST" and explain_lost_files(request, [context["adminform"].form]):
            self.message_user(request, FILE_LOST, messages.WARNING)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        file_view = self.admin_site.admin_view(self.file_view)
        return [
            path("<int:pk>/file/", file_view, name="agreements_agreementdocument_file"),
            *super().get_urls(),
        ]

    def file_view(self, request, pk):
        """The document's file, drafts included, for staff who may view documents."""
        document = get_object_or_404(AgreementDocument, pk=pk)
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        return file_response(document)

    def get_fields(self, request, obj=None):
        return ["agreement", "title", "kind", "file", *self.readonly_fields]
