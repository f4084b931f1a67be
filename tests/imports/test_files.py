"""Reading CSV and Excel files as a spreadsheet shows them: text cells, each row with its line."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from imports.formats import FileProblem, read_csv, read_file, read_xlsx


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_row_keeps_its_spreadsheet_line_and_its_cells_as_written():
    data = '\ufeffSlug,Title\r\na,"two\r\nlines"\r\n\r\n,\r\nb,"say ""hi"""\r\n'.encode()

    dataset = read_csv(data)

    assert dataset.headers == ["slug", "title"]
    assert dataset.dict == [
        {"slug": "a", "title": "two\r\nlines"},
        {"slug": "b", "title": 'say "hi"'},
    ]
    assert dataset.line_numbers == [2, 5]


def test_an_excel_sheet_gives_text_as_a_csv_file_would():
    data = _xlsx([
        ["slug", "start_year", "start_date", "cog_member", "amount", None],
        ["a", 1997, datetime.datetime(2012, 7, 1), True, 7000.5, None],
        [None, None, None, None, None],
        ["b", 2001.0, datetime.date(2001, 1, 2), False, None],
    ])  # fmt: skip

    dataset = read_xlsx(data)

    assert dataset.headers == ["slug", "start_year", "start_date", "cog_member", "amount"]
    assert dataset.dict == [
        {"slug": "a", "start_year": "1997", "start_date": "2012-07-01", "cog_member": "yes",
         "amount": "7000.5"},
        {"slug": "b", "start_year": "2001", "start_date": "2001-01-02", "cog_member": "no",
         "amount": ""},
    ]  # fmt: skip
    assert dataset.line_numbers == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty: its first line must name the columns."),
        (b"slug,,title\n", "Column 2 has no name in the first line."),
        (b"slug,Slug\n", "The first line names the column “slug” twice."),
        (b"slug,title\na\n", "Line 2 has 1 cell where the first line names 2 columns"),
    ],
)
def test_a_malformed_table_is_refused_with_where_and_why(data, message):
    with pytest.raises(FileProblem, match=message):
        read_csv(data)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr("imports.formats.MAX_UNPACKED_BYTES", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 100_000)  # a few hundred bytes packed

    with pytest.raises(FileProblem, match="too large once unpacked"):
        read_xlsx(out.getvalue())


def test_a_sheet_longer_than_the_limit_is_refused():
    with pytest.raises(FileProblem, match="more than 2 rows"):
        read_xlsx(_xlsx([["slug"], ["a"], ["b"], ["c"]]), max_rows=2)


def test_a_long_csv_file_is_refused_at_the_limit_without_reading_the_rest():
    rows = b"slug\n" + b"x\n" * 3 + b'"an unclosed quote\n' + b"y\n" * 100_000

    # The broken line comes after the limit: reading stopped before it.
    with pytest.raises(FileProblem, match="more than 2 rows"):
        read_csv(rows, max_rows=2)


def test_the_command_reads_any_number_of_rows():
    assert len(read_file("a.csv", b"slug\n" + b"x\n" * 600, max_rows=None)) == 600
