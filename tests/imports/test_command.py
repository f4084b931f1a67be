"""`manage.py import_agreements FILE [--kind …] [--dry-run] [--publish]`: the admin's import."""

import io

import pytest
from django.core.management import CommandError, call_command

from agreements.models import Agreement
from municipalities.models import PublicBody
from portal.housekeeping import planner_rows
from portal.models import PublicationStatus
from sources.models import Source
from tests.imports.conftest import agreement_row, csv_bytes

pytestmark = pytest.mark.django_db


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_agreements", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def agreements_csv(tmp_path, region):
    path = tmp_path / "agreements.csv"
    path.write_bytes(csv_bytes([agreement_row(), agreement_row(slug="second", title="Second")]))
    return path


def test_it_imports_drafts_and_says_how_many(agreements_csv):
    out, _ = _run(agreements_csv)

    assert out == "Imported: 2 new.\n"
    assert set(Agreement.objects.values_list("publication", flat=True)) == {"draft"}
    assert Agreement.objects.get(slug="second").history.first().history_change_reason == (
        "Imported from agreements.csv"
    )


def test_an_import_refreshes_the_planners_statistics(agreements_csv):
    _run(agreements_csv)

    assert planner_rows("agreements_agreement") == Agreement.objects.count() == 2


def test_a_dry_run_writes_nothing(agreements_csv):
    out, _ = _run(agreements_csv, "--dry-run")

    assert out == "Dry run, nothing saved: 2 new.\n"
    assert not Agreement.objects.exists()


def test_publish_publishes(agreements_csv):
    _run(agreements_csv, "--publish")

    assert set(Agreement.objects.values_list("publication", flat=True)) == {
        PublicationStatus.PUBLISHED
    }


def test_a_second_run_reports_the_rows_unchanged_row_by_row(agreements_csv):
    _run(agreements_csv)

    out, _ = _run(agreements_csv, "--verbosity", "2")

    assert out.splitlines() == [
        "Line 2: unchanged bolton-andover-inspection",
        "Line 3: unchanged second",
        "Imported: 2 unchanged.",
    ]


def test_errors_are_listed_by_line_and_column_and_nothing_is_written(tmp_path, region):
    path = tmp_path / "agreements.csv"
    path.write_bytes(
        csv_bytes([agreement_row(), agreement_row(slug="bad", categories="nope", end_year="x")])
    )

    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^Nothing was imported: 2 problems to fix\.$"):
        call_command("import_agreements", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "Line 3, column categories: there is no service category with slug “nope”.",
        "Line 3, column end_year: “x” is not a four-digit year.",
    ]
    assert not Agreement.objects.exists()


def test_bodies_and_sources_are_imported_with_kind(tmp_path):
    sources = tmp_path / "sources.csv"
    sources.write_bytes(csv_bytes([{"url": "https://example.org/a", "title": "A report"}]))
    bodies = tmp_path / "bodies.csv"
    bodies.write_bytes(
        csv_bytes(
            [
                {
                    "slug": "avon",
                    "name": "Avon",
                    "kind": "municipality",
                    "cog_member": "yes",
                    "sources": "https://example.org/a",
                }
            ]
        )  # fmt: skip
    )

    _run(sources, "--kind", "sources")
    _run(bodies, "--kind", "bodies", "--publish")

    avon = PublicBody.objects.get()
    assert (avon.name, avon.is_cog_member, avon.is_published) == ("Avon", True, True)
    assert list(avon.sources.all()) == [Source.objects.get()]


def test_an_xlsx_file_is_read(tmp_path, region):
    import tablib

    path = tmp_path / "agreements.xlsx"
    data = tablib.Dataset().load(csv_bytes([agreement_row()]).decode(), format="csv")
    path.write_bytes(data.export("xlsx"))

    out, _ = _run(path)

    assert out == "Imported: 1 new.\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "Cannot read .*missing.csv: No such file or directory."),
        ("latin.csv", "slug,title\nx,Café\n".encode("cp1252"),
         "Nothing was imported. The file is not UTF-8 text."),
        ("book.xlsx", b"slug,title\n", r"Nothing was imported. The file is not an Excel workbook"),
        ("notes.txt", b"slug,title\n", r"Nothing was imported. Choose a .csv or .xlsx file."),
    ],
)  # fmt: skip
def test_an_unreadable_file_stops_with_a_clear_message(tmp_path, db, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        _run(path)
