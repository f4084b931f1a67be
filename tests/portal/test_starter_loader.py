"""The starter loader: clear errors that name the file and line, and all or nothing."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from agreements.models import Agreement
from municipalities.models import PublicBody
from portal.starter import STARTER_DIR, StarterError, load_all, load_bodies, load_sources
from services.models import ServiceCategory
from sources.models import Source

pytestmark = pytest.mark.django_db

BODY_HEADER = "slug,name,kind,parent,cog_member,county,planning_region,website,sources,notes\n"
SOURCE_HEADER = "url,title,publisher,published_on,published_year,accessed_on,note\n"


def test_if_empty_loads_into_an_empty_database():
    call_command("load_starter_content", "--if-empty", verbosity=0)

    assert ServiceCategory.objects.exists()
    assert Agreement.objects.published().count() == 55


def test_an_unknown_reference_names_the_file_and_the_line(tmp_path):
    (tmp_path / "bodies.csv").write_text(
        BODY_HEADER
        + "avon,Avon,municipality,,yes,,,,,\n"
        + "avon-schools,Avon Board of Education,school_district,nowhere,no,,,,,\n"
    )

    with pytest.raises(StarterError) as raised:
        load_bodies(tmp_path)

    assert str(raised.value) == (
        "bodies.csv, line 3: there is no municipality or public body with slug “nowhere”."
    )


def test_a_cell_spanning_lines_does_not_throw_off_the_line_numbers(tmp_path):
    (tmp_path / "bodies.csv").write_text(
        BODY_HEADER
        + 'avon,Avon,municipality,,yes,,,,,"A note\non two lines"\n'
        + "canton,Canton,municipality,,maybe,,,,,\n"
    )

    with pytest.raises(StarterError) as raised:
        load_bodies(tmp_path)

    assert str(raised.value) == "bodies.csv, line 4: cog_member must be yes or no."


def test_an_invalid_value_is_reported_with_the_field(tmp_path):
    (tmp_path / "sources.csv").write_text(SOURCE_HEADER + "not-a-url,A report,,,,,\n")

    with pytest.raises(StarterError) as raised:
        load_sources(tmp_path)

    assert str(raised.value).startswith("sources.csv, line 2: url: ")


def test_a_missing_column_is_an_error_not_an_empty_value(tmp_path):
    (tmp_path / "sources.csv").write_text("url,title\nhttps://example.org/a,A report\n")

    with pytest.raises(StarterError) as raised:
        load_sources(tmp_path)

    assert "missing column(s) publisher, published_on" in str(raised.value)


def test_a_failed_load_changes_nothing(tmp_path):
    directory = tmp_path / "starter"
    shutil.copytree(STARTER_DIR, directory)
    with (directory / "agreements.csv").open("a") as handle:
        handle.write("broken,Broken,no-such-category,,unknown,,,,,,,,,,,,\n")

    with pytest.raises(StarterError, match="no service category with slug “no-such-category”"):
        load_all(directory, verbosity=0)

    assert not Source.objects.exists()
    assert not PublicBody.objects.exists()
    assert not Agreement.objects.exists()


def test_an_incomplete_agreement_is_not_imported_as_published(tmp_path):
    directory = tmp_path / "starter"
    shutil.copytree(STARTER_DIR, directory)
    with (directory / "agreements.csv").open("a") as handle:
        handle.write("no-parties,No parties yet,animal-control,,unknown,,,,,,,,,,,,\n")

    with pytest.raises(StarterError) as raised:
        load_all(directory, verbosity=0)

    assert str(raised.value).endswith(
        ": a published agreement must add at least one party whose body is published; cite at "
        "least one source."
    )
    assert str(raised.value).startswith("agreements.csv, line ")
    assert not Agreement.objects.exists()


def test_the_command_says_nothing_was_loaded(monkeypatch, tmp_path):
    (tmp_path / "sources.csv").write_text("url\n")
    monkeypatch.setattr("portal.management.commands.load_starter_content.STARTER_DIR", tmp_path)

    with pytest.raises(CommandError, match="Nothing was loaded. sources.csv: missing column"):
        call_command("load_starter_content", verbosity=0)


def test_a_value_of_the_wrong_type_is_reported_not_a_traceback(tmp_path):
    (tmp_path / "sources.csv").write_text(
        SOURCE_HEADER + "https://example.org/a,A report,,,nineteen ninety-seven,,\n"
    )

    with pytest.raises(StarterError) as raised:
        load_sources(tmp_path)

    assert str(raised.value).startswith("sources.csv, line 2: published_year: ")


def test_a_blank_line_does_not_throw_off_the_line_numbers(tmp_path):
    (tmp_path / "bodies.csv").write_text(
        BODY_HEADER + "avon,Avon,municipality,,yes,,,,,\n\ncanton,Canton,municipality,,maybe,,,,,\n"
    )

    with pytest.raises(StarterError, match=r"^bodies.csv, line 4: cog_member"):
        load_bodies(tmp_path)


def test_an_unquoted_comma_is_an_error_not_a_cut_value(tmp_path):
    (tmp_path / "sources.csv").write_text(
        SOURCE_HEADER + "https://example.org/a,A report,,,,,archived copy, from 2001\n"
    )

    with pytest.raises(StarterError) as raised:
        load_sources(tmp_path)

    assert str(raised.value).startswith("sources.csv, line 2: 8 cells where the header has 7")


def test_a_spreadsheets_byte_order_mark_is_ignored(tmp_path):
    (tmp_path / "sources.csv").write_bytes(
        ("\ufeff" + SOURCE_HEADER + "https://example.org/a,A report,,,,,\n").encode()
    )

    assert load_sources(tmp_path) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "sources.csv: the file is missing"),
        ("url,title\nhttps://example.org/é,Rapport\n".encode("cp1252"), "not UTF-8 text"),
    ],
)
def test_an_unreadable_file_is_reported(tmp_path, content, message):
    if content is not None:
        (tmp_path / "sources.csv").write_bytes(content)

    with pytest.raises(StarterError, match=message):
        load_sources(tmp_path)


def test_a_repeated_key_is_an_error_not_a_silent_overwrite(tmp_path):
    (tmp_path / "sources.csv").write_text(
        SOURCE_HEADER + "https://example.org/a,First,,,,,\nhttps://example.org/a,Second,,,,,\n"
    )

    with pytest.raises(StarterError, match=r"line 3: The address https://example.org/a repeats"):
        load_sources(tmp_path)


def test_a_date_without_its_year_is_loaded_once_and_then_left_alone(tmp_path):
    (tmp_path / "sources.csv").write_text(
        SOURCE_HEADER + "https://example.org/a,A report,,1997-07-31,,,\n"
    )

    assert load_sources(tmp_path) == 1
    assert load_sources(tmp_path) == 0
    assert Source.objects.get().published_year == 1997


@pytest.fixture
def starter_copy(tmp_path):
    directory = tmp_path / "starter"
    shutil.copytree(STARTER_DIR, directory)
    return directory


def _drop_lines(path, containing):
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if containing not in line))


def test_a_claim_taken_out_of_the_file_is_taken_off_the_site(starter_copy):
    load_all(starter_copy, verbosity=0)
    vernon = Agreement.objects.get(slug="vernon-regional-sewage-treatment")
    assert vernon.savings_claims.exists()

    _drop_lines(starter_copy / "savings.csv", "vernon-regional-sewage-treatment")
    load_all(starter_copy, verbosity=0)

    assert not vernon.savings_claims.exists()


def test_a_claim_must_cite_one_of_its_agreements_sources(starter_copy):
    savings = starter_copy / "savings.csv"
    savings.write_text(
        savings.read_text().replace(
            "http://www.remindernews.com/article/2013/04/04/ellington-to-pump-larger-sewer-flow-into-vernon",
            "https://crcogct.gov/shared-services-toolkit",
        )
    )

    with pytest.raises(StarterError, match="not among vernon-regional-sewage-treatment's sources"):
        load_all(starter_copy, verbosity=0)


def test_reloading_keeps_a_curators_choice_to_unpublish(starter_copy):
    load_all(starter_copy, verbosity=0)
    Agreement.objects.filter(slug="crcog-natural-gas-consortium").update(publication="draft")

    load_all(starter_copy, verbosity=0)

    assert Agreement.objects.get(slug="crcog-natural-gas-consortium").publication == "draft"


def test_a_body_listed_twice_among_the_parties_is_an_error(starter_copy):
    agreements = starter_copy / "agreements.csv"
    agreements.write_text(
        agreements.read_text().replace(
            "bolton (lead); andover (recipient)", "bolton (lead); bolton (recipient)", 1
        )
    )

    with pytest.raises(StarterError, match="bolton is listed twice among the parties"):
        load_all(starter_copy, verbosity=0)
