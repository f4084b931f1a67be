"""`manage.py seed_synthetic`: valid data of realistic shape, searchable, and never mixed into
a database with real content unless asked."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from agreements.models import Agreement, PartyRole
from municipalities.models import PublicBody
from portal.housekeeping import planner_rows
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def _seed(*args):
    out = io.StringIO()
    call_command("seed_synthetic", *args, stdout=out)
    return out.getvalue()


def test_it_adds_agreements_of_realistic_shape():
    said = _seed("--agreements", "60", "--bodies", "12")

    assert said.startswith("Added 60 synthetic agreements with ")
    agreements = Agreement.objects.annotate(
        parties_count=Count("parties", distinct=True),
        lead_count=Count("parties", filter=Q(parties__role=PartyRole.LEAD), distinct=True),
        categories_count=Count("categories", distinct=True),
        statutes_count=Count("statutes", distinct=True),
    )
    assert agreements.count() == 60 and PublicBody.objects.count() == 12
    for agreement in agreements:
        assert agreement.title.startswith("Synthetic agreement ")
        assert agreement.slug.startswith("synthetic-agreement-")
        assert 2 <= agreement.parties_count <= 8
        assert agreement.lead_count <= 1
        assert 1 <= agreement.categories_count <= 3 and 0 <= agreement.statutes_count <= 3
        assert agreement.end_year is None or agreement.end_year >= agreement.start_year
        agreement.full_clean()  # every field valid, as the admin would check it
    assert all(body.name.startswith("Synthetic ") for body in PublicBody.objects.all())
    assert 0 < Agreement.objects.published().count() <= 60
    # Statistics refreshed for the planner.
    assert planner_rows("agreements_agreement") == 60


def test_they_are_found_by_search_and_in_the_library(client):
    _seed("--agreements", "20", "--bodies", "5")
    first = Agreement.objects.published().order_by("slug").first()

    library = client.get("/agreements/", {"q": first.title}).content.decode()
    search = client.get("/search/", {"q": first.title}).content.decode()

    assert first.title in library and first.title in search


def test_running_it_again_adds_more_with_new_numbers():
    _seed("--agreements", "10", "--bodies", "4")
    _seed("--agreements", "10", "--bodies", "4", "--seed", "2")

    assert Agreement.objects.count() == 20 and PublicBody.objects.count() == 8


def test_it_refuses_a_database_with_real_published_content():
    make_agreement("Bolton regional building inspection")

    with pytest.raises(CommandError, match="holds real published agreements"):
        _seed("--agreements", "5", "--bodies", "3")
    assert Agreement.objects.count() == 1

    _seed("--agreements", "5", "--bodies", "3", "--force")
    assert Agreement.objects.count() == 6
