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
