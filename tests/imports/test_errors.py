"""Every problem is reported at its line of the spreadsheet and its column, in staff's words."""

import pytest

from agreements.models import Agreement
from imports.resources import AgreementResource, SourceResource
from tests.factories import make_source
from tests.imports.conftest import (
    agreement_row,
    csv_bytes,
    import_agreements,
    import_bodies,
    import_sources,
    run_import,
)

pytestmark = pytest.mark.django_db

SOURCE = "https://news.example.org/bolton"


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"parties": "westford (lead)"}, "parties",
         "there is no municipality or public body with slug “westford”."),
        ({"parties": "bolton lead"}, "parties",
         "“bolton lead” should read “body-slug (role)”, the role one of lead, partner, recipient."),
        ({"parties": "bolton (boss)"}, "parties",
         "“bolton (boss)” should read “body-slug (role)”, the role one of lead, partner, "
         "recipient."),
        ({"parties": "bolton (lead); bolton (recipient)"}, "parties",
         "bolton is listed twice among the parties."),
        ({"categories": "childcare; trash"}, "categories",
         "there are no service categories with the slugs “childcare”, “trash”."),
        ({"statutes": "cgs-1-1"}, "statutes", "there is no statute with slug “cgs-1-1”."),
        ({"sources": "https://nowhere.example.org/"}, "sources",
         "there is no source with address “https://nowhere.example.org/”."),
        ({"start_year": "97"}, "start_year", "“97” is not a four-digit year."),
        ({"start_year": "1492"}, "start_year", "Ensure this value is greater than or equal to 1600."),
        ({"start_date": "4/7/2012"}, "start_date", "“4/7/2012” is not a date written YYYY-MM-DD."),
        ({"start_date": "2012-02-30"}, "start_date",
         "“2012-02-30” is not a date written YYYY-MM-DD."),
        ({"end_year": "2001"}, "end_year", "The end year cannot be before the start year."),
        ({"start_date": "2012-07-01", "end_date": "2012-06-30"}, "end_date",
         "The end date cannot be before the start date."),
        ({"start_year": "2011", "start_date": "2012-07-01"}, "start_year",
         "The year does not match the start date."),
        ({"title": ""}, "title", "this cell must not be empty."),
        ({"status": "running"}, "status",
         "“running” is not one of proposed, active, expired, terminated, ended, unknown."),
        ({"governance": "board"}, "governance", "“board” is not one of joint_board, "
         "lead_municipality, regional_entity, cooperative_purchasing, shared_staff, task_force, "
         "mutual_aid, service_contract, other."),
        ({"slug": "compare"}, "slug", "“compare” is the address of one of the portal's tools; "
         "choose another slug, e.g. “compare-agreement”."),
        ({"title": "=HYPERLINK(\"http://evil\")"}, "title",
         "“=HYPERLINK(\"http://evil\")” would run as a formula in a spreadsheet. Type the value "
         "itself, or put an apostrophe before the “=” to keep it as text."),
        ({"savings": "about 7000 dollars"}, "savings", "each claim should read like: projected "
         '7000.00 a year (1997) by "who said it": "what it covers" <https://source>'),
        ({"savings": f"guessed 7000.00 a year (1997) <{SOURCE}>"}, "savings",
         "“guessed” is not a kind of claim; use one of projected, estimated, audited."),
        ({"savings": f"projected 7000.00 a year (1997) <{SOURCE}>; projected 1 once (1200) "
                     f"<{SOURCE}>"}, "savings",
         "claim 2: year: Ensure this value is greater than or equal to 1600."),
        ({"savings": "projected 7000.00 a year (1997) <https://nowhere.example.org/>"}, "savings",
         "there is no source with address “https://nowhere.example.org/”."),
        ({"savings": f"projected 7000 a year (1997) <{SOURCE}> projected 1 once (1999) "
                     f"<{SOURCE}>"}, "savings", "separate the claims with “; ”."),
    ],
)  # fmt: skip
def test_each_problem_is_reported_at_its_line_and_column(region, cells, column, message):
    rows = [agreement_row(slug="first"), agreement_row(**{"slug": "second", **cells})]

    report = import_agreements(rows)

    assert [str(problem) for problem in report.problems] == [f"Line 3, column {column}: {message}"]
    assert [row.status for row in report.rows] == ["new", "error"]
    assert not Agreement.objects.exists()


def test_a_claims_source_must_be_among_the_agreements_sources(region):
    other = make_source(url="https://other.example.org/")
    row = agreement_row(savings=f"projected 7000.00 a year (1997) <{other.url}>")

    (problem,) = import_agreements([row]).problems

    assert str(problem) == (
        f"Line 2, column savings: its source <{other.url}> is not among the agreement's sources "
        "(column sources)."
    )


def test_publishing_an_incomplete_agreement_is_an_error_of_its_line(region):
    rows = [agreement_row(), agreement_row(slug="no-parties", parties="", sources="")]

    report = import_agreements(rows, publish=True)

    assert [str(problem) for problem in report.problems] == [
        "Line 3: a published agreement must add at least one party whose body is published; "
        "cite at least one source."
    ]
    assert not Agreement.objects.exists()


def test_a_repeated_slug_names_the_line_it_repeats(region):
    report = import_agreements([agreement_row(), agreement_row(title="Again")])

    assert [str(problem) for problem in report.problems] == [
        "Line 3, column slug: “bolton-andover-inspection” repeats line 2."
    ]


def test_several_problems_of_a_row_are_listed_in_the_order_of_the_columns(region):
    row = agreement_row(title="", parties="westford (lead)", start_year="97")

    report = import_agreements([row])

    assert [problem.column for problem in report.problems] == ["title", "parties", "start_year"]


def test_lines_are_those_of_the_spreadsheet_blank_lines_and_multi_line_cells_included(region):
    good = csv_bytes([agreement_row(summary="First line\nsecond line")])
    bad = csv_bytes([agreement_row(slug="x", parties="nobody (lead)")]).split(b"\r\n", 1)[1]

    report = run_import(AgreementResource, good + b"\r\n" + bad)

    assert [str(problem) for problem in report.problems] == [
        "Line 4, column parties: there is no municipality or public body with slug “nobody”."
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"cog_member": "maybe"}, "cog_member", "“maybe” should be yes or no."),
        ({"parent": "nowhere"}, "parent",
         "there is no municipality or public body with slug “nowhere”."),
        ({"kind": "school_district"}, "parent",
         "Choose the town this board of education or school district belongs to."),
        ({"kind": "village"}, "kind", "“village” is not one of municipality, school_district, "
         "regional_school_district, regional_authority, cog, resc, state_agency, other."),
        ({"slug": "not a slug"}, "slug", "Enter a valid “slug” consisting of letters, numbers, "
         "underscores or hyphens."),
        ({"website": "not a web address"}, "website", "Enter a valid URL."),
        ({"name": ""}, "name", "this cell must not be empty."),
    ],
)  # fmt: skip
def test_a_bodys_problems_are_reported_at_their_line_and_column(db, cells, column, message):
    row = {"slug": "avon", "name": "Avon", "kind": "municipality", "cog_member": "yes", **cells}

    report = import_bodies([row])

    assert [str(problem) for problem in report.problems] == [f"Line 2, column {column}: {message}"]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"url": "not-a-url"}, "url", "Enter a valid URL."),
        ({"published_year": "nineteen"}, "published_year", "“nineteen” is not a four-digit year."),
        ({"published_on": "1997-07-31", "published_year": "1998"}, "published_year",
         "The year does not match the publication date."),
        ({"title": ""}, "title", "this cell must not be empty."),
    ],
)  # fmt: skip
def test_a_sources_problems_are_reported_at_their_line_and_column(db, cells, column, message):
    row = {"url": "https://example.org/a", "title": "A report", **cells}

    report = import_sources([row])

    assert [str(problem) for problem in report.problems] == [f"Line 2, column {column}: {message}"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["title", "status"], "The file has no “slug” column; its first line must name the "
         "columns: slug, title, categories, parties, status, start_year, start_date, end_year, "
         "end_date, governance, governance_detail, cost_sharing, statutes, legal_basis, sources, "
         "notes, summary, savings."),
        (["slug", "title", "titel"], "The file has columns this import does not know: titel. Is "
         "it the right file? The columns are: slug, title, categories, parties, status, "
         "start_year, start_date, end_year, end_date, governance, governance_detail, "
         "cost_sharing, statutes, legal_basis, sources, notes, summary, savings."),
    ],
)  # fmt: skip
def test_a_file_with_the_wrong_columns_is_refused_as_a_whole(db, header, message):
    report = run_import(AgreementResource, csv_bytes([["a"] * len(header)], header=header))

    assert [str(problem) for problem in report.problems] == [message]
    assert report.rows == []


def test_the_exports_read_only_columns_are_ignored(region):
    row = agreement_row(lead="Someone else", page_url="https://x/", last_updated="yesterday",
                        document_urls="https://x/file.pdf")  # fmt: skip

    report = import_agreements([row])

    assert report.problems == []
    assert report.count("new") == 1


def test_a_bodies_file_given_to_the_sources_import_says_so(db):
    report = run_import(SourceResource, csv_bytes([{"slug": "avon", "name": "Avon"}]))

    assert "The file has no “url” column" in str(report.problems[0])
    assert "this import does not know: slug, name" in str(report.problems[1])
