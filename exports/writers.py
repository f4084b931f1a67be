"""CSV and JSON written as a stream of text: a row is formatted when it is sent, never before."""

import csv
import json
from collections.abc import Iterable, Iterator

# Spreadsheets run a cell that begins with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Without a byte order mark Excel reads a CSV file as the local code page and garbles "§" or "é".
BOM = "\ufeff"
# Rows are sent in pieces of about this many characters: fewer, larger writes to the client.
PIECE_SIZE = 64 * 1024


def neutralise(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula, made plain text by a leading `'`."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer formats one row."""

    def write(self, line):
        return line


def _pieces(parts: Iterable[str]) -> Iterator[str]:
    buffer, size = [], 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= PIECE_SIZE:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _csv_lines(columns, rows, link):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([column.name for column in columns])
    for row in rows:
        yield writer.writerow(
            [neutralise(column.text(column.read(row, link))) for column in columns]
        )


def _json_parts(columns, rows, link):
    # One valid JSON document: an array of objects whose keys are the CSV columns.
    yield "["
    separator = "\n"
    for row in rows:
        record = {column.name: column.read(row, link) for column in columns}
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def csv_stream(columns, rows, link) -> Iterator[str]:
    """RFC 4180 CSV with a header row, a BOM, and cells safe to open in a spreadsheet."""
    return _pieces(_csv_lines(columns, rows, link))


def json_stream(columns, rows, link) -> Iterator[str]:
    """A JSON array of objects; values are data, so nothing is neutralised."""
    return _pieces(_json_parts(columns, rows, link))


FORMATS = {
    # extension: (writer, content type)
    "csv": (csv_stream, "text/csv; charset=utf-8"),
    "json": (json_stream, "application/json"),
}
