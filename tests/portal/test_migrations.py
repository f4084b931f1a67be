"""The content migrations of the real-content release lose nothing already in a database."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("sources", None),
    ("portal", "0002_search_document"),
    ("services", "0001_initial"),
    ("municipalities", "0001_initial"),
    ("statutes", "0001_initial"),
    ("agreements", "0001_initial"),
    ("contacts", "0001_initial"),
]


def _migrate(targets):
    """Migrate to `targets` and return the models as they are at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_existing_towns_dates_and_savings_survive_the_upgrade():
    old = _migrate(BEFORE)
    town = old.get_model("municipalities", "PublicBody").objects.create(
        name="Avon", slug="avon", kind="municipality", is_crcog_member=True
    )
    old.get_model("agreements", "Agreement").objects.create(
        title="Old agreement", slug="old-agreement", status="active",
        start_date=datetime.date(1997, 7, 31), end_date=datetime.date(2001, 6, 30),
        estimated_annual_savings=Decimal("12000.00"),
    )  # fmt: skip

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert new.get_model("municipalities", "PublicBody").objects.get(pk=town.pk).is_cog_member
    agreement = new.get_model("agreements", "Agreement").objects.get(slug="old-agreement")
    assert (agreement.start_year, agreement.end_year) == (1997, 2001)
    assert "$12,000" in agreement.record_notes
    assert agreement.status == "active"
