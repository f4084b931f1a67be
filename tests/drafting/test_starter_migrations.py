"""The starter clauses' migrations use frozen copies: later edits to drafting/starter.py never
change what they do."""

import importlib

import pytest
from django.apps import apps

import drafting.starter
from drafting.models import Clause
from tests.factories import make_statute

pytestmark = pytest.mark.django_db

ADD = importlib.import_module("drafting.migrations.0002_starter_clauses")
CORRECT = importlib.import_module("drafting.migrations.0003_correct_starter_legal_wording")
FROZEN = importlib.import_module("drafting.migrations._starter_0002").STARTER_CLAUSES


def test_the_migration_adds_the_frozen_clauses_whatever_starter_py_says(monkeypatch):
    Clause.objects.all().delete()
    monkeypatch.setattr(drafting.starter, "STARTER_CLAUSES", [{"renamed": "key"}])

    ADD.add_clauses(apps, None)

    assert set(Clause.objects.values_list("slug", flat=True)) == {row["slug"] for row in FROZEN}
    withdrawal = next(row for row in FROZEN if row["slug"] == "withdrawal")
    assert Clause.objects.get(slug="withdrawal").guidance == withdrawal["guidance"]


def test_the_migration_links_statutes_that_are_already_loaded():
    Clause.objects.all().delete()
    statute = make_statute("CGS § 7-339c", slug="cgs-7-339c")

    ADD.add_clauses(apps, None)

    assert Clause.objects.get(slug="withdrawal").statute == statute


def test_reversing_the_migration_keeps_clauses_staff_edited():
    Clause.objects.filter(slug="withdrawal").update(text="Staff wording.")

    ADD.remove_unedited_clauses(apps, None)

    assert list(Clause.objects.values_list("slug", flat=True)) == ["withdrawal"]


def test_the_correction_updates_unedited_old_wording_and_links_the_statute():
    statute = make_statute("CGS § 7-148cc", slug="cgs-7-148cc")
    old = {field: pair[0] for field, pair in CORRECT.CORRECTIONS["joint-board"].items()}
    Clause.objects.filter(slug="joint-board").update(statute=None, **old)

    CORRECT.correct_wording(apps, None)

    clause = Clause.objects.get(slug="joint-board")
    assert "7-339b" not in clause.citation
    assert "counsel should confirm" in clause.guidance
    assert clause.statute == statute


def test_the_correction_keeps_wording_staff_edited():
    old = {field: pair[0] for field, pair in CORRECT.CORRECTIONS["withdrawal"].items()}
    Clause.objects.filter(slug="withdrawal").update(**old)
    Clause.objects.filter(slug="joint-board").update(guidance="Staff's own note.")

    CORRECT.correct_wording(apps, None)

    assert "many Parties" not in Clause.objects.get(slug="withdrawal").guidance
    assert Clause.objects.get(slug="joint-board").guidance == "Staff's own note."
