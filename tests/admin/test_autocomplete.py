"""The party and parent boxes find the body staff typed, first, and say which one it is."""

import pytest
from django.core.management import call_command

from municipalities.models import PublicBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(db):
    """The real list of bodies, from the starter content."""
    call_command("load_starter_content", verbosity=0)


def autocomplete(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "agreements", "model_name": "party", "field_name": "body"},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_typing_tolland_offers_tolland_first_not_a_town_of_tolland_county(superuser_client, towns):
    results = autocomplete(superuser_client, "Tolland")
    assert results[0] == "Tolland — Municipality (town or city), Tolland County"
    # Towns that only share the county come after every body named Tolland.
    named = [r for r in results if r.split(" — ")[0].lower().find("tolland") >= 0]
    assert results[: len(named)] == named
    assert any(r.startswith("Andover — ") for r in results[len(named) :])


def test_typing_hartford_ranks_the_city_then_names_starting_then_containing(
    superuser_client, towns
):
    results = [r.split(" — ")[0] for r in autocomplete(superuser_client, "Hartford")]
    assert results[0] == "Hartford"
    starting = [r for r in results if r.lower().startswith("hartford") and r != "Hartford"]
    assert starting and results[1 : 1 + len(starting)] == starting
    rest = results[1 + len(starting) :]
    assert any("hartford" in r.lower() for r in rest)  # e.g. "East Hartford", "West Hartford"
    containing = [r for r in rest if "hartford" in r.lower()]
    assert rest[: len(containing)] == containing  # before bodies that only lie in its county


def test_typing_east_lists_the_easts_before_names_merely_containing_it(superuser_client, towns):
    results = [r.split(" — ")[0] for r in autocomplete(superuser_client, "East")]
    starting = [r for r in results if r.lower().startswith("east")]
    assert len(starting) >= 4  # East Granby, East Hampton, East Hartford, East Windsor…
    assert results[: len(starting)] == starting
    assert starting == sorted(starting, key=str.lower)


def test_a_board_of_education_is_labelled_with_its_town(superuser_client, towns):
    board = PublicBody.objects.filter(parent__isnull=False).select_related("parent").first()
    results = autocomplete(superuser_client, board.name)
    assert results[0] == f"{board.name} — {board.get_kind_display()}, {board.parent.name}"
