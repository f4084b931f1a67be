"""What every export file is: its type, name, header, encoding, and cells safe in a spreadsheet."""

import pytest
from django.utils import timezone

from exports.queries import EXPORTS
from exports.writers import neutralise
from tests.exports.conftest import BOM, csv_records, download, json_records
from tests.factories import make_agreement, make_body

pytestmark = pytest.mark.django_db

KINDS = list(EXPORTS)
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_export_is_a_streamed_attachment_named_for_the_list_and_the_day(client, kind, extension):
    response, _ = download(client, f"/{kind}/export.{extension}")
    assert response["Content-Type"] == CONTENT_TYPES[extension]
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-{today}.{extension}"'


@pytest.mark.parametrize("kind", KINDS)
def test_csv_starts_with_a_byte_order_mark_and_a_header_row_even_when_empty(client, kind):
    _, text = download(client, f"/{kind}/export.csv")
    names = ",".join(column.name for column in EXPORTS[kind].columns)
    assert text == f"{BOM}{names}\r\n"


@pytest.mark.parametrize("kind", KINDS)
def test_json_is_an_array_even_when_empty(client, kind):
    assert json_records(client, f"/{kind}/export.json") == []


def test_text_is_utf8(client, db):
    make_agreement("Café § 7-148cc — “shared”", slug="cafe")
    (row,) = csv_records(client, "/agreements/export.csv")
    assert row["title"] == "Café § 7-148cc — “shared”"
    assert json_records(client, "/agreements/export.json")[0]["title"] == row["title"]


FORMULAS = {
    "equals": '=HYPERLINK("https://evil.example")',
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "tab": "\tTabbed",
    "return": "\rReturned",
}


def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(client, db):
    for slug, title in FORMULAS.items():
        make_agreement(title, slug=slug, summary=title, cost_sharing="=1+1")
    rows = {row["slug"]: row for row in csv_records(client, "/agreements/export.csv")}
    for slug, title in FORMULAS.items():
        assert rows[slug]["title"] == f"'{title}"
        assert rows[slug]["summary"] == f"'{title}"
        assert rows[slug]["cost_sharing"] == "'=1+1"


def test_other_exports_are_neutralised_too(client, db):
    make_body("=cmd|' /C calc'!A0", slug="evil")
    (row,) = csv_records(client, "/municipalities/export.csv")
    assert row["name"] == "'=cmd|' /C calc'!A0"


def test_json_keeps_values_as_they_are(client, db):
    for slug, title in FORMULAS.items():
        make_agreement(title, slug=slug)
    titles = {record["title"] for record in json_records(client, "/agreements/export.json")}
    assert titles == set(FORMULAS.values())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1", "'=1"), ("plain", "plain"), ("", ""), ("a=b", "a=b"), (" =1", " =1")],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_only_safe_methods_and_known_formats(client, db):
    assert client.head("/agreements/export.csv").status_code == 200
    assert client.post("/agreements/export.csv").status_code == 405
    assert client.get("/agreements/export.xml").status_code == 404
    assert client.get("/partners/export.csv").status_code == 404


def test_a_revalidation_gets_304_until_content_changes(client, db):
    agreement = make_agreement("Shared dispatch")
    response, first = download(client, "/agreements/export.csv?q=dispatch")
    etag = response["ETag"]

    again = client.get("/agreements/export.csv?q=dispatch", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not again.has_header("Content-Disposition")
    # Another query, or another format, is another file.
    assert client.get("/agreements/export.csv", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert (
        client.get("/agreements/export.json?q=dispatch", HTTP_IF_NONE_MATCH=etag).status_code == 200
    )

    agreement.title = "Shared dispatch centre"
    agreement.save()
    changed, text = download(client, "/agreements/export.csv?q=dispatch")
    assert changed["ETag"] != etag and "Shared dispatch centre" in text
    assert (
        client.get("/agreements/export.csv?q=dispatch", HTTP_IF_NONE_MATCH=etag).status_code == 200
    )
