"""The agreements export: the library's results for the same query, published content only."""

import csv

import pytest
from django.conf import settings

from exports.columns import AGREEMENTS
from tests.exports.conftest import csv_records, json_records, listed_titles
from tests.factories import make_savings_claim, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=inspection",
        "q=inspection&sort=title",
        "q=windsor&sort=oldest",
        "category=building-inspection",
        "category=building-inspection&category=waste-management&sort=oldest",
        "municipality=bolton",
        "municipality=windsor&status=unknown",
        "status=active&status=expired&sort=title",
        "statute=cgs-7-148cc",
        "kind=regional_authority&year_from=1992&year_to=1995",
        "has_documents=yes",
        "sort=newest",
    ],
)
def test_export_lists_what_the_library_shows_in_its_order(client, library, query):
    shown = listed_titles(client, "/agreements/", query)
    assert shown, query
    url = f"/agreements/export.csv?{query}"
    assert [row["title"] for row in csv_records(client, url)] == shown
    url = f"/agreements/export.json?{query}"
    assert [row["title"] for row in json_records(client, url)] == shown


def test_malformed_values_are_ignored_and_unknown_slugs_match_nothing(client, library):
    everything = [row["slug"] for row in csv_records(client, "/agreements/export.csv")]
    malformed = "/agreements/export.csv?status=bogus&year_from=97&has_documents=maybe&sort=x"
    assert [row["slug"] for row in csv_records(client, malformed)] == everything
    assert csv_records(client, "/agreements/export.csv?category=no-such-service") == []


def test_a_draft_agreement_is_never_exported(client, library):
    for url in ("/agreements/export.csv", "/agreements/export.csv?q=draft"):
        assert "secret-draft-agreement" not in [row["slug"] for row in csv_records(client, url)]
    assert "Secret" not in str(json_records(client, "/agreements/export.json?q=inspection"))


def test_drafts_inside_a_published_row_are_left_out(client, library):
    (row,) = csv_records(client, "/agreements/export.csv?q=partners")
    assert row["slug"] == "bolton-inspection-with-draft-partners"
    assert row["parties"] == "bolton (lead)"
    assert row["categories"] == "building-inspection"
    assert row["statutes"] == "cgs-7-148cc"
    assert row["lead"] == "Bolton"
    (record,) = json_records(client, "/agreements/export.json?q=partners")
    assert record["parties"] == [{"body": "bolton", "role": "lead"}]
    assert "hiddenville" not in str(record) and "secret" not in str(record)


def test_a_row_holds_everything_the_agreement_page_shows(client, library):
    agreement = library["with_drafts"]
    source = make_source(url="https://news.example.org/bolton")
    agreement.sources.add(source)
    make_savings_claim(agreement, 31000, year=2013, source=source, stated_by="Bolton's manager")
    make_savings_claim(
        agreement, 2500, year=2014, source=source, period="once",
        description='for the "new" van; and fuel',
    )  # fmt: skip
    document = agreement.documents.get()
    (row,) = csv_records(client, "/agreements/export.csv?q=partners")
    assert row["sources"] == "https://news.example.org/bolton"
    assert row["savings"] == (
        'projected 31000.00 a year (2013) by "Bolton\'s manager" <https://news.example.org/bolton>; '
        'projected 2500.00 once (2014): "for the ""new"" van; and fuel" '
        "<https://news.example.org/bolton>"
    )
    assert row["document_urls"] == f"http://testserver{document.get_absolute_url()}"
    assert row["page_url"] == f"http://testserver/agreements/{agreement.slug}/"
    assert row["start_year"] == "2020" and row["start_date"] == ""
    assert row["last_updated"].startswith(str(agreement.updated_at.year))


def test_json_holds_the_same_data_as_csv_with_lists_as_arrays(client, library):
    rows = csv_records(client, "/agreements/export.csv")
    records = json_records(client, "/agreements/export.json")
    assert [list(record) for record in records] == [list(row) for row in rows]
    columns = {column.name: column for column in AGREEMENTS}
    for row, record in zip(rows, records, strict=True):
        assert {name: columns[name].text(value) for name, value in record.items()} == row
    assert isinstance(records[0]["categories"], list)
    assert isinstance(records[0]["parties"][0], dict)


def test_columns_extend_the_starter_files_agreement_columns_in_their_order(client, library):
    starter = settings.BASE_DIR / "fixtures" / "starter" / "agreements.csv"
    with starter.open(encoding="utf-8", newline="") as file:
        starter_columns = next(csv.reader(file))
    header = list(csv_records(client, "/agreements/export.csv")[0])
    assert header[: len(starter_columns)] == starter_columns


def test_cells_read_as_the_starter_files_write_them(client, library):
    rows = {row["slug"]: row for row in csv_records(client, "/agreements/export.csv")}
    row = rows["inspection-agreement-01"]
    assert row["parties"] == "bolton (lead); andover (recipient)"
    assert row["categories"] == "building-inspection"
    assert row["status"] == "expired"
    assert row["start_year"] == "1991"


@pytest.mark.parametrize(
    "query",
    [
        "q=%22NEAR(inspection%22+OR+*",
        "q=%27+OR+1%3D1+--",
        f"q={'inspection+' * 200}",
        "q=%00",
        "year_from=99999999999999999999&year_to=-1",
        "&".join(f"category=c{n}" for n in range(300)),
        "sort=relevance",
        "municipality=%F0%9F%92%A5&kind=nope",
    ],
)
def test_hostile_queries_give_a_file_and_never_a_draft(client, library, query):
    for extension in ("csv", "json"):
        response = client.get(f"/agreements/export.{extension}", QUERY_STRING=query)
        assert response.status_code == 200, query
        assert b"secret-draft" not in b"".join(response.streaming_content), query
