"""The admin's Import: upload → preview of every row → confirm; for staff who may add and change."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement
from imports.formats import MAX_FILE_BYTES
from imports.forms import sign_choices
from municipalities.models import PublicBody
from portal.models import PublicationStatus
from sources.models import Source
from tests.imports.conftest import agreement_row, csv_bytes

pytestmark = pytest.mark.django_db

IMPORT = "/admin/agreements/agreement/import/"
CONFIRM = "/admin/agreements/agreement/process_import/"


@pytest.fixture
def staff(client, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client.force_login(user)
    return client


def _upload(client, data, name="agreements.csv", publish=False, url=IMPORT):
    fields = {"import_file": SimpleUploadedFile(name, data), "resource": "0"}
    if publish:
        fields["publish"] = "on"
    return client.post(url, fields)


def _text(response) -> str:
    """The page's text, tags dropped and spaces folded, as a reader meets it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _confirm_fields(response) -> dict:
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/agreements/agreement/", Agreement),
        ("/admin/municipalities/publicbody/", PublicBody),
        ("/admin/sources/source/", Source),
    ],
)
def test_each_list_links_to_its_import_and_keeps_its_deleted_link(staff, url, model):
    html = staff.get(url).content.decode()

    assert f"{url}import/" in html
    assert f"{url}deleted/" in html
    assert "/export/" not in html


def test_the_import_page_names_the_columns_and_asks_for_a_file(staff):
    response = staff.get(IMPORT)

    assert response.status_code == 200
    text = _text(response)
    assert "slug, title, categories, parties" in text
    assert "lead, document_urls, page_url, last_updated" in text
    assert 'accept=".csv,.xlsx"' in response.content.decode()
    assert "Publish the imported rows" in text


def test_the_preview_shows_every_row_with_each_problems_line_and_column(staff, region):
    Agreement.objects.create(title="Existing", slug="existing")
    rows = [
        agreement_row(),
        agreement_row(slug="existing", title="Existing renamed"),
        agreement_row(slug="broken", parties="westford (lead)", start_year="97"),
    ]

    response = _upload(staff, csv_bytes(rows))

    assert response.status_code == 200
    text = _text(response)
    assert "Preview: 1 new, 1 changed, 1 with errors" in text
    assert (
        "Line 4, column parties: there is no municipality or public body with slug “westford”."
        in text
    )
    assert "Line 4, column start_year: “97” is not a four-digit year." in text
    assert "2 New bolton-andover-inspection" in text
    assert "3 Changed existing Existing renamed Changes: title" in text
    assert "Import these rows" not in text
    assert not Agreement.objects.filter(slug="bolton-andover-inspection").exists()


def test_an_unchanged_row_shows_as_unchanged(staff, region):
    Agreement.objects.create(title="Existing", slug="existing", status="unknown")

    text = _text(_upload(staff, csv_bytes([{"slug": "existing", "title": "Existing"}])))

    assert "Preview: 1 unchanged" in text
    assert "2 Unchanged existing Existing" in text


def test_confirming_saves_the_rows_as_drafts(staff, region):
    preview = _upload(staff, csv_bytes([agreement_row()]))
    assert not Agreement.objects.exists()

    response = staff.post(CONFIRM, _confirm_fields(preview), follow=True)

    agreement = Agreement.objects.get()
    assert agreement.publication == PublicationStatus.DRAFT
    assert agreement.parties.count() == 2
    assert "Agreements imported: 1 new. New rows are drafts." in _text(response)
    assert agreement.history.first().history_user.username == "curator"
    assert agreement.history.first().history_change_reason == "Imported from agreements.csv"
    assert LogEntry.objects.get().object_repr == agreement.title


def test_confirming_with_publish_publishes(staff, region):
    preview = _upload(staff, csv_bytes([agreement_row()]), publish=True)
    assert "Every row will be published." in _text(preview)

    response = staff.post(CONFIRM, _confirm_fields(preview), follow=True)

    assert Agreement.objects.get().publication == PublicationStatus.PUBLISHED
    assert "Agreements imported: 1 new. Every row is published." in _text(response)


def test_a_file_that_no_longer_imports_cleanly_at_confirmation_saves_nothing(staff, region):
    preview = _upload(staff, csv_bytes([agreement_row(), agreement_row(slug="second")]))
    region["andover"].parties.all().delete()
    region["andover"].delete()  # meanwhile someone deleted a party's body

    response = staff.post(CONFIRM, _confirm_fields(preview), follow=True)

    assert not Agreement.objects.exists()
    assert "Nothing was imported: the file no longer imports cleanly" in _text(response)
    assert "Line 2, column parties: there is no municipality or public body" in _text(response)


def test_an_xlsx_upload_is_previewed_the_same(staff, region):
    import tablib

    data = tablib.Dataset().load(csv_bytes([agreement_row()]).decode(), format="csv")

    text = _text(_upload(staff, data.export("xlsx"), name="agreements.xlsx"))

    assert "Preview: 1 new" in text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", "slug,title\nx,Café\n".encode("cp1252"), "The file is not UTF-8 text."),
        ("a.xlsx", b"slug,title\nx,y\n", "The file is not an Excel workbook (.xlsx)."),
        ("a.xlsx", b"PK\x03\x04" + b"\x00" * 200, "The file is not an Excel workbook (.xlsx)."),
        ("a.csv", b"PK\x03\x04rest of a workbook", "The file is an Excel workbook, not CSV"),
        ("a.csv", b"\x00\x01\x02binary", "The file is not CSV text: it holds binary data."),
        ("a.txt", b"slug,title\n", "Choose a .csv or .xlsx file."),
        ("a.csv", b"", "The submitted file is empty."),
        ("a.csv", b"slug,title\nx,y,z\n", "Line 2 has 3 cells where the first line names 2"),
        ("a.csv", b'slug,title\nx,"unclosed\n', "is not well-formed CSV"),
        ("a.csv", b"url,name\nx,y\n", "The file has no “slug” column"),
        ("a.csv", b"slug,title\nx,=cmd|' /C calc'!A0\n",
         "Line 2, column title: “=cmd|' /C calc'!A0” would run as a formula"),
    ],
)  # fmt: skip
def test_a_hostile_or_broken_file_gets_a_clear_message_not_an_error_page(
    staff, name, data, message
):
    response = _upload(staff, data, name=name)

    assert response.status_code == 200
    assert message in _text(response).replace("&#x27;", "'")
    assert not Agreement.objects.exists()


def test_a_file_over_the_size_limit_is_refused(staff, monkeypatch):
    monkeypatch.setattr("imports.forms.MAX_FILE_BYTES", 100)

    response = _upload(staff, b"slug,title\n" + b"x,y\n" * 50)

    assert "The file is larger than 100" in _text(response)
    assert MAX_FILE_BYTES == 10 * 1024 * 1024


def test_a_file_over_the_row_limit_is_refused(staff, monkeypatch):
    monkeypatch.setattr("imports.formats.MAX_ROWS", 2)

    response = _upload(staff, b"slug,title\na,A\nb,B\nc,C\n")

    assert "The file has more than 2 rows" in _text(response)


@pytest.mark.parametrize("name", ["../../etc/passwd", "passwd", "portal-import-gone"])
def test_a_forged_or_stale_confirmation_reads_no_file_and_says_so(staff, name):
    fields = {"import_file_name": name, "original_file_name": "x.csv", "format": "0"}
    fields["signature"] = sign_choices(fields)

    response = staff.post(CONFIRM, fields, follow=True)

    assert response.redirect_chain == [(IMPORT, 302)]
    assert "The uploaded file is no longer available: upload it again." in _text(response)


@pytest.mark.parametrize(
    "change",
    [{"publish": "on"}, {"format": "99"}, {"format": "abc"}, {"format": "1"}, {"resource": "9"},
     {"original_file_name": "other.csv"}, {"signature": "forged"}],
)  # fmt: skip
def test_a_confirmation_changed_since_the_preview_imports_nothing(staff, region, change):
    """The preview showed drafts from a CSV file: that, and only that, may be confirmed."""
    preview = _upload(staff, csv_bytes([agreement_row()]))
    before = Agreement.objects.count()

    response = staff.post(CONFIRM, {**_confirm_fields(preview), **change}, follow=True)

    assert response.redirect_chain == [(IMPORT, 302)]
    assert "this confirmation does not match the preview" in _text(response)
    assert Agreement.objects.count() == before


def test_the_upload_is_removed_once_imported(staff, region):
    import tempfile
    from pathlib import Path

    preview = _upload(staff, csv_bytes([agreement_row()]))
    fields = _confirm_fields(preview)
    stored = Path(tempfile.gettempdir()) / fields["import_file_name"]
    assert stored.name.startswith("portal-import-") and stored.exists()

    staff.post(CONFIRM, fields)

    assert not stored.exists()


@pytest.mark.parametrize(
    ("codenames", "allowed"),
    [
        (["view_agreement", "change_agreement"], False),
        (["view_agreement", "add_agreement"], False),
        (["view_agreement", "add_agreement", "change_agreement"], True),
    ],
)
def test_only_staff_who_may_add_and_change_may_import(client, django_user_model, codenames,
                                                       allowed):  # fmt: skip
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)

    page = client.get(IMPORT)
    listing = client.get("/admin/agreements/agreement/").content.decode()

    assert page.status_code == (200 if allowed else 403)
    assert ("/admin/agreements/agreement/import/" in listing) is allowed
    assert client.post(CONFIRM, {}).status_code == (302 if allowed else 403)
