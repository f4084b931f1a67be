"""All or nothing: a preview writes nothing, a failed import changes nothing, and unchanged rows
are left alone; drafts unless publishing is asked for; history and search follow an import."""

import pytest
from django.db import connection

from agreements.models import Agreement, Party, PartyRole, SavingsClaim
from portal.models import PublicationStatus
from search.models import Document
from tests.factories import make_agreement, make_body
from tests.imports.conftest import agreement_row, import_agreements, import_bodies

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT
SAVING = "projected 7000.00 a year (2013) <https://news.example.org/bolton>"


def _state():
    """Everything an import could write: rows, relations, versions and the search index."""
    return {
        "agreements": list(Agreement.objects.values_list("slug", "title", "publication")),
        "parties": list(Party.objects.values_list("agreement_id", "body_id", "role")),
        "claims": list(SavingsClaim.objects.values_list("agreement_id", "amount")),
        "versions": Agreement.history.count(),
        "index": list(Document.objects.order_by("kind", "object_id").values()),
    }


@pytest.fixture
def existing(region):
    """A published agreement that the test files change."""
    import_agreements([agreement_row(savings=SAVING)], publish=True)
    return Agreement.objects.get()


def test_the_preview_writes_nothing(existing):
    before = _state()
    rows = [agreement_row(title="Renamed", savings=""), agreement_row(slug="new", title="New")]

    report = import_agreements(rows, dry_run=True, publish=True)

    assert [row.status for row in report.rows] == ["changed", "new"]
    assert _state() == before


def test_a_failed_import_changes_nothing(existing):
    before = _state()
    rows = [
        agreement_row(title="Renamed", parties="andover (lead)", savings=""),
        agreement_row(slug="new", title="New"),
        agreement_row(slug="broken", start_year="soon"),
    ]

    report = import_agreements(rows, publish=True)

    assert [row.status for row in report.rows] == ["changed", "new", "error"]
    assert _state() == before


def test_an_unchanged_row_is_reported_unchanged_and_not_saved(existing):
    before = _state()

    report = import_agreements([agreement_row(savings=SAVING)])

    assert [row.status for row in report.rows] == ["unchanged"]
    assert _state() == before


def test_a_changed_row_names_the_columns_that_change(existing):
    row = agreement_row(title="Renamed", parties="bolton (lead); andover (partner)", savings="")

    (changed,) = import_agreements([row]).rows

    assert changed.status == "changed"
    assert changed.changes == ["title", "parties", "savings"]


def test_new_rows_are_drafts_and_existing_ones_keep_their_state(existing):
    rows = [agreement_row(title="Renamed"), agreement_row(slug="new", title="New")]

    import_agreements(rows)

    assert dict(Agreement.objects.values_list("slug", "publication")) == {
        "bolton-andover-inspection": PUBLISHED, "new": DRAFT,
    }  # fmt: skip


def test_publishing_publishes_every_row(region):
    make_agreement("Draft one", slug="draft-one", published=False)
    rows = [agreement_row(), agreement_row(slug="draft-one", title="Draft one")]

    report = import_agreements(rows, publish=True)

    assert report.summary() == "1 new, 1 changed"
    assert set(Agreement.objects.values_list("publication", flat=True)) == {PUBLISHED}


def test_changing_a_published_row_must_keep_it_complete(existing):
    (problem,) = import_agreements([agreement_row(categories="")]).problems

    assert str(problem) == (
        "Line 2: a published agreement must choose at least one published service category."
    )


def test_a_column_left_out_is_left_as_it_is(existing):
    report = import_agreements([{"slug": existing.slug, "status": "ended"}])

    existing.refresh_from_db()
    assert report.summary() == "1 changed"
    assert (existing.status, existing.title) == ("ended", "Bolton and Andover building inspection")
    assert existing.savings_claims.count() == 1 and existing.parties.count() == 2


def test_links_to_drafts_that_the_export_hides_are_kept(existing, region):
    secret = make_body("Hidden Town", published=False)
    Party.objects.create(agreement=existing, body=secret, role=PartyRole.RECIPIENT)

    report = import_agreements([agreement_row(savings=SAVING)])

    assert report.summary() == "1 unchanged"
    assert existing.parties.filter(body=secret).exists()


def test_an_empty_parent_cell_keeps_a_draft_parent(db):
    town = make_body("Avon", published=False)
    board = make_body("Avon Board of Education", kind="school_district", parent=town)
    row = {"slug": board.slug, "name": board.name, "kind": "school_district", "parent": "",
           "cog_member": "no"}  # fmt: skip

    report = import_bodies([row])

    board.refresh_from_db()
    assert report.problems == [] and board.parent == town


def test_the_history_records_the_import_and_its_file(existing):
    import_agreements([agreement_row(title="Renamed")], file_name="march.csv", reason="Imported "
                      "from march.csv")  # fmt: skip

    version = existing.history.first()
    assert (version.title, version.history_change_reason) == ("Renamed", "Imported from march.csv")


def test_an_imported_published_agreement_is_found_by_the_site_search(client, region):
    row = agreement_row(title="Regional kennel partnership", summary="Dogs and cats.")

    import_agreements([row], publish=True)

    html = client.get("/search/", {"q": "kennel"}).content.decode()
    assert "Regional kennel partnership" in html


def test_an_agreement_is_found_by_the_name_of_a_party_an_import_adds(client, region):
    make_body("Columbia")
    import_agreements([agreement_row()], publish=True)

    import_agreements([agreement_row(parties="bolton (lead); columbia (recipient)")])

    html = client.get("/search/", {"q": "Columbia"}).content.decode()
    assert "Bolton and Andover building inspection" in html


def test_a_bodys_parent_may_come_earlier_in_the_same_file(db):
    town = {"slug": "avon", "name": "Avon", "kind": "municipality", "cog_member": "yes"}
    board = {"slug": "avon-schools", "name": "Avon Board of Education", "kind": "school_district",
             "parent": "avon", "cog_member": "no"}  # fmt: skip

    assert import_bodies([board, town]).problems[0].column == "parent"
    assert import_bodies([town, board]).summary() == "2 new"


def test_a_row_the_database_refuses_is_a_problem_of_its_line_and_the_next_rows_are_checked(
    region, monkeypatch, caplog
):
    refuse_once = iter([True])

    def save(instance, *args, **kwargs):
        if next(refuse_once, False):
            with connection.cursor() as cursor:  # a real error: PostgreSQL aborts the transaction
                cursor.execute("SELECT * FROM no_such_table")
        return original(instance, *args, **kwargs)

    original = Agreement.save
    monkeypatch.setattr(Agreement, "save", save)

    report = import_agreements([agreement_row(slug="first"), agreement_row(start_year="97")])

    assert [problem.line for problem in report.problems] == [2, 3]
    assert report.problems[0].message.startswith("this row could not be saved: ")
    assert str(report.problems[1]) == "Line 3, column start_year: “97” is not a four-digit year."
    assert not Agreement.objects.exists()
    assert "Import, line 2" in caplog.text
