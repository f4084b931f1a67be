"""The admin's import forms: a file and whether to publish, the format told by the file's name."""

import re

from django import forms
from django.core import signing
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


# The fields of the preview's confirmation that the signature covers.
SIGNED_FIELDS = ["import_file_name", "original_file_name", "format", "resource", "publish"]
SIGNING_SALT = "imports.confirm"


def sign_choices(values: dict) -> str:
    """The preview's file and choices, signed: "Import" imports what the preview showed."""
    return signing.dumps(_choices(values), salt=SIGNING_SALT)


def _choices(values: dict) -> list:
    """The values as the form cleans them: text stripped, `publish` true or false."""
    publish = forms.BooleanField().to_python(values.get("publish"))
    return [str(values.get(name, "")).strip() for name in SIGNED_FIELDS[:-1]] + [publish]


class ConfirmImportFileForm(ConfirmImportForm):
    """The preview's "Import" button: the stored file, and the choices made with it, signed so
    that a changed field (another file, format or resource, or publishing after a preview of
    drafts) is refused rather than imported or failing with a 500."""

    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    signature = forms.CharField(widget=forms.HiddenInput)

    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not re.fullmatch(rf"{UPLOAD_PREFIX}\w+", name):
            raise forms.ValidationError("Not an uploaded file.")
        return name

    def clean(self):
        cleaned = super().clean()
        try:
            signed = signing.loads(cleaned.get("signature", ""), salt=SIGNING_SALT)
        except signing.BadSignature:
            signed = None
        if signed != _choices(cleaned):
            raise forms.ValidationError("This confirmation is not the preview's.")
        return cleaned
