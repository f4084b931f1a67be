"""The admin's "Import" page for a model: upload, a preview of every row, then confirm.

`ImportAdminMixin` goes first among a ModelAdmin's bases (before the project's mixins, whose
change list and history it keeps). import-export's own views do the work; this adds the
publish choice, the file readers of imports.formats, and a preview that names the line and the
column of every problem (imports.resources.Report). There is no export here: the public exports
are the way out.
"""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.tmp_storages import TempFolderStorage

from imports.formats import FORMATS, FileProblem
from imports.forms import UPLOAD_PREFIX, ConfirmImportFileForm, ImportFileForm, sign_choices

READ_FAILED = "The file could not be read as a table. Save it as CSV UTF-8 or as an .xlsx workbook."
UPLOAD_GONE = "The uploaded file is no longer available: upload it again."
NOT_THE_PREVIEW = (
    "Nothing was imported: this confirmation does not match the preview. Upload the file again."
)


class UploadStorage(TempFolderStorage):
    """Keeps an upload from its preview to "Import", under a name of ours: the confirmation
    names the file, and ConfirmImportFileForm accepts no other name (no other file is read)."""

    def _open(self, mode="r"):
        if self.name:
            return super()._open(mode)
        # save() closes it (`with self._open(…)`); delete=False keeps it for the confirmation.
        handle = tempfile.NamedTemporaryFile(prefix=UPLOAD_PREFIX, delete=False)  # noqa: SIM115
        self.name = handle.name
        return handle


class ImportAdminMixin(ImportMixin):
    import_formats = FORMATS
    import_form_class = ImportFileForm
    confirm_form_class = ConfirmImportFileForm
    import_template_name = "admin/imports/import.html"
    tmp_storage_class = UploadStorage

    def has_import_permission(self, request):
        """Staff who may both add and change these rows (an import does both)."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, form=None, **kwargs):
        data = getattr(form, "cleaned_data", None) or {}
        upload = data.get("import_file")
        name = upload.name if upload else data.get("original_file_name", "")
        return {"publish": bool(data.get("publish")), "reason": f"Imported from {name}"[:100]}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["publish"] = import_form.cleaned_data.get("publish", False)
            # The page names the stored file, not where the server keeps it.
            initial["import_file_name"] = Path(initial["import_file_name"]).name
            initial["signature"] = sign_choices(initial)
        return initial

    def add_data_read_fail_error_to_form(self, form, error):
        form.add_error("import_file", str(error) if isinstance(error, FileProblem) else READ_FAILED)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = response.context_data  # a TemplateResponse, rendered later
        resource = self.get_import_resource_classes(request)[0]()
        context["columns"] = resource.columns()
        context["ignored_columns"] = resource.ignored_columns()
        if context.get("result") is not None:
            context["report"] = resource.report(context["result"])
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        # A forged, repeated or stale confirmation: say so rather than fail with a 500.
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            gone = "import_file_name" in form.errors
            return self._back_to_upload(request, UPLOAD_GONE if gone else NOT_THE_PREVIEW)
        try:
            return super().process_import(request, **kwargs)
        except (FileNotFoundError, FileProblem):
            return self._back_to_upload(request, UPLOAD_GONE)

    def _back_to_upload(self, request, message):
        self.message_user(request, message, messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def process_result(self, result, request):
        """After "Import": say what was saved, or, if the file now has errors, that nothing was."""
        resource = self.get_import_resource_classes(request)[0]()
        report = resource.report(result)
        if report.problems:
            # Rolled back: the data changed since the preview (another import, an edit).
            return self._back_to_upload(
                request,
                "Nothing was imported: the file no longer imports cleanly ("
                + "; ".join(str(problem) for problem in report.problems[:3])
                + "). Upload it again to see every problem.",
            )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        report = self.get_import_resource_classes(request)[0]().report(result)
        published = forms.BooleanField().to_python(request.POST.get("publish"))
        self.message_user(
            request,
            f"{capfirst(self.model._meta.verbose_name_plural)} imported: {report.summary()}. "
            + ("Every row is published." if published else "New rows are drafts."),
            messages.SUCCESS,
        )
