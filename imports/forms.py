"""The admin's import forms: a file and whether to publish, the format told by the file's name."""

import re

from django import forms
from django.template.defaultfilters import filesizeformat
from import_export.forms import ConfirmImportForm, ImportForm

from imports.formats import MAX_FILE_BYTES, MAX_ROWS, FileProblem, format_index

PUBLISH_HELP = (
    "Leave unticked to import new rows as drafts, and to keep existing rows as they are "
    "published or not. Ticked, every row of the file is published, and each must then have "
    "what publishing asks for."
)


class ImportFileForm(ImportForm):
    publish = forms.BooleanField(
        label="Publish the imported rows", required=False, help_text=PUBLISH_HELP
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        # The format is read from the file's name: no select to set, no script to guess it.
        del self.fields["format"]
        upload = self.fields["import_file"]
        upload.label = "File (CSV or Excel)"
        upload.widget.attrs = {"accept": ".csv,.xlsx"}
        upload.help_text = (
            f"A .csv file (UTF-8) or an .xlsx workbook, up to {filesizeformat(MAX_FILE_BYTES)} "
            f"and {MAX_ROWS:,} rows, whose first line names the columns."
        )

    @property
    def media(self):
        return forms.Media()  # ImportForm's jQuery format-guessing script is not needed

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {filesizeformat(MAX_FILE_BYTES)}: split it into "
                "smaller files."
            )
        try:
            self.format = format_index(upload.name)
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if "import_file" in cleaned:
            cleaned["format"] = str(self.format)  # what ImportMixin reads
        return cleaned


# How the names of uploads kept between the preview and "Import" begin (imports.admin).
UPLOAD_PREFIX = "portal-import-"


class ConfirmImportFileForm(ConfirmImportForm):
    """The preview's "Import" button: the stored file, and the choices made with it."""

    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not re.fullmatch(rf"{UPLOAD_PREFIX}\w+", name):
            raise forms.ValidationError("Not an uploaded file.")
        return name
