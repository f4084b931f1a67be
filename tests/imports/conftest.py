import csv
import io

import pytest

from imports.formats import read_file
from imports.resources import AgreementResource, PublicBodyResource, SourceResource
from tests.factories import make_body, make_category, make_source, make_statute

AGREEMENT_HEADER = [
    "slug", "title", "categories", "parties", "status", "start_year", "start_date", "end_year",
    "end_date", "governance", "governance_detail", "cost_sharing", "statutes", "legal_basis",
    "sources", "notes", "summary", "savings",
]  # fmt: skip


def csv_bytes(rows, header=None) -> bytes:
    """A CSV file of `rows` (dicts, or lists under `header`), as a spreadsheet saves it."""
    out = io.StringIO()
    if header is None:
        header = list(dict.fromkeys(name for row in rows for name in row))
        rows = [[row.get(name, "") for name in header] for row in rows]
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def run_import(resource_class, data: bytes, file_name="rows.csv", dry_run=False, **kwargs):
    """Import a file as the admin and the command do; the report of what happened."""
    resource = resource_class(**kwargs)
    return resource.report(resource.import_data(read_file(file_name, data), dry_run=dry_run))


def import_agreements(rows, **kwargs):
    return run_import(AgreementResource, csv_bytes(rows), **kwargs)


def import_bodies(rows, **kwargs):
    return run_import(PublicBodyResource, csv_bytes(rows), **kwargs)


def import_sources(rows, **kwargs):
    return run_import(SourceResource, csv_bytes(rows), **kwargs)


@pytest.fixture
def region(db):
    """What an imported agreement refers to: towns, a category, a statute, a source."""
    source = make_source(url="https://news.example.org/bolton")
    bolton, andover = make_body("Bolton"), make_body("Andover")
    category = make_category("Building inspection", slug="building-inspection")
    for item in (bolton, andover, category):
        item.sources.add(source)
    statute = make_statute("CGS § 7-148cc", title="Joint performance")
    return {"source": source, "bolton": bolton, "andover": andover, "category": category,
            "statute": statute}  # fmt: skip


def agreement_row(**cells):
    """A complete, valid agreement row; `cells` change some of it."""
    row = {
        "slug": "bolton-andover-inspection",
        "title": "Bolton and Andover building inspection",
        "categories": "building-inspection",
        "parties": "bolton (lead); andover (recipient)",
        "status": "active",
        "start_year": "2012",
        "statutes": "cgs-7-148cc",
        "sources": "https://news.example.org/bolton",
        "summary": "Bolton's inspector serves Andover.",
    }
    return {**row, **cells}
