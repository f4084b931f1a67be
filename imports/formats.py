"""Reading an uploaded CSV or Excel file as staff see it in a spreadsheet: rows of text cells,
each with its line (the header is line 1, the first row below it line 2).

import-export's own formats (tablib) drop blank rows, which throws the line numbers off, stop
with a bare exception on a row longer than the header, and translate line endings inside cells.
These keep every row's line (`Dataset.line_numbers`), turn every cell into text, and explain a
file they cannot read with a `FileProblem` that staff can act on.
"""

import contextlib
import csv
import datetime
import io
import zipfile
from pathlib import Path

import tablib
from import_export.formats import base_formats

# The largest upload, and the most rows a file may hold in the admin: the preview and then the
# import each run within one web request (500 new agreements take about 10 s on PostgreSQL;
# unchanged rows a tenth of that). The command has no row limit.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 500
# An .xlsx file is a zip archive: what its parts may add up to once unpacked (a zip bomb is
# refused before anything reads it).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"

NOT_UTF8 = (
    "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (Comma delimited)”; in "
    "LibreOffice, choose the character set “Unicode (UTF-8)”."
)
NOT_A_WORKBOOK = (
    "The file is not an Excel workbook (.xlsx). Save it from your spreadsheet as “Excel "
    "Workbook (.xlsx)” or as “CSV UTF-8”."
)


class FileProblem(ValueError):
    """The file cannot be read as a table; the message says why, in words for staff."""


def _header(cells: list[str]) -> list[str]:
    """The column names of the first line, checked: each named, none twice."""
    header = [str(name).strip().lower() for name in cells]
    while header and not header[-1]:
        header.pop()  # empty headings after the last column: cells a spreadsheet left behind
    if not header:
        raise FileProblem("The file is empty: its first line must name the columns.")
    if "" in header:
        raise FileProblem(f"Column {header.index('') + 1} has no name in the first line.")
    for name in header:
        if header.count(name) > 1:
            raise FileProblem(f"The first line names the column “{name}” twice.")
    return header


def _cells(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


def _dataset(header: list[str], rows, max_rows) -> tablib.Dataset:
    """A Dataset of the non-blank rows, with `line_numbers`, the line of each."""
    dataset = tablib.Dataset(headers=header)
    dataset.line_numbers = []
    width = len(header)
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, still counted
        if any(cell.strip() for cell in cells[width:]):
            raise FileProblem(
                f"Line {line} has {_cells(len(cells))} where the first line names {width} "
                "columns; a comma inside a value needs the value in double quotes."
            )
        if max_rows is not None and len(dataset) == max_rows:
            raise FileProblem(
                f"The file has more than {max_rows:,} rows: split it into smaller files, or "
                "ask a developer to run the import_agreements command."
            )
        dataset.append(cells[:width] + [""] * (width - len(cells)))
        dataset.line_numbers.append(line)
    return dataset


def read_csv(data: bytes, max_rows=MAX_ROWS) -> tablib.Dataset:
    """The rows of a CSV file (UTF-8, with or without a byte order mark)."""
    if data.startswith(ZIP_MAGIC):
        raise FileProblem("The file is an Excel workbook, not CSV: give it the .xlsx ending.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(NOT_UTF8) from None
    if "\x00" in text:
        raise FileProblem("The file is not CSV text: it holds binary data.")
    # newline="": line endings inside quoted cells are kept as they are.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0

    def rows():
        # Read as _dataset goes, so that a file of many short rows stops at max_rows rather
        # than after all of them are in memory.
        nonlocal line
        for line, cells in enumerate(reader, start=2):  # the except reads `line`
            if len(cells) < len(header) and any(cell.strip() for cell in cells):
                raise FileProblem(
                    f"Line {line} has {_cells(len(cells))} where the first line names "
                    f"{len(header)} columns; a value may have lost its cell."
                )
            yield line, cells

    try:
        header = _header(next(reader, []))
        line = 1
        return _dataset(header, rows(), max_rows)
    except csv.Error as error:
        raise FileProblem(f"Line {line + 1} is not well-formed CSV ({error}).") from None


def _cell_text(value) -> str:
    """A spreadsheet cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a year typed in Excel: 1997, not 1997.0
    return str(value)


def read_xlsx(data: bytes, max_rows=MAX_ROWS) -> tablib.Dataset:
    """The rows of the first sheet of an Excel workbook; formulas give their computed values."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise FileProblem(NOT_A_WORKBOOK) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem("The workbook is too large once unpacked: split it into smaller files.")
    with _not_a_workbook():
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        values = book.worksheets[0].iter_rows(values_only=True)
        header = _header([_cell_text(value) for value in next(values, ())])
    return _dataset(header, _xlsx_rows(values), max_rows)


def _xlsx_rows(values):
    # Read lazily: a sheet of a million rows is refused once it passes max_rows.
    with _not_a_workbook():
        for line, cells in enumerate(values, start=2):
            yield line, [_cell_text(value) for value in cells]


@contextlib.contextmanager
def _not_a_workbook():
    try:
        yield
    except FileProblem:
        raise
    except Exception:
        # openpyxl fails on a damaged or foreign archive in many ways (KeyError, XML errors…).
        raise FileProblem(NOT_A_WORKBOOK) from None


class CSV(base_formats.CSV):
    """import-export's CSV format, read by `read_csv` (as bytes: it decodes them itself)."""

    read = staticmethod(read_csv)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return self.read(in_stream, max_rows=MAX_ROWS)


class XLSX(base_formats.XLSX):
    read = staticmethod(read_xlsx)

    def create_dataset(self, in_stream, **kwargs):
        return self.read(in_stream, max_rows=MAX_ROWS)


# The formats staff may upload, told apart by the file name's ending.
FORMATS = [CSV, XLSX]


def format_index(file_name: str) -> int:
    """The position in FORMATS of the format that a file's name ends with."""
    endings = [f".{file_format().get_extension()}" for file_format in FORMATS]
    ending = Path(file_name).suffix.lower()
    if ending not in endings:
        raise FileProblem(f"Choose a {' or '.join(endings)} file.")
    return endings.index(ending)


def read_file(file_name: str, data: bytes, max_rows=MAX_ROWS) -> tablib.Dataset:
    """The rows of a file, read as its name's ending says."""
    return FORMATS[format_index(file_name)].read(data, max_rows=max_rows)
