"""What the builder says about the law stays within /work/shared/reference/ct_interlocal_law.json."""

import re

import pytest

from drafting.drafts import Draft
from drafting.forms import DraftForm
from drafting.models import Clause
from drafting.starter import STARTER_CLAUSES
from tests.drafting.test_clauses import _choices

pytestmark = pytest.mark.django_db

# Claims about what parties usually do, or requirements the reference file does not state.
INVENTED = re.compile(
    r"many (parties|towns|municipalities)|most (parties|towns)|legal requirement", re.I
)


def _starter(slug):
    return next(row for row in STARTER_CLAUSES if row["slug"] == slug)


def test_the_review_hint_cites_the_amendment_and_claims_nothing_else():
    hint = DraftForm.base_fields["review"].help_text

    assert "7-148cc" in hint and "P.A. 11-99" in hint and "2011" in hint
    assert not INVENTED.search(hint)


def test_no_starter_clause_invents_a_practice_or_a_requirement():
    for row in STARTER_CLAUSES:
        assert not INVENTED.search(row["guidance"] + row["text"]), row["slug"]


def test_the_review_clauses_say_it_is_not_a_statutory_requirement_under_7_148cc():
    for slug in ("no-scheduled-review", "periodic-review"):
        assert "not a current statutory requirement under § 7-148cc" in _starter(slug)["guidance"]


def test_the_withdrawal_note_gives_advice_not_a_fact_about_other_parties():
    guidance = _starter("withdrawal")["guidance"]

    assert "Consider aligning it with the end of a fiscal year" in guidance


def test_the_joint_board_does_not_rest_on_the_advisory_board_section():
    row = _starter("joint-board")

    assert "7-339b" not in row["citation"]
    assert "7-339a to 7-339l" in row["citation"] and "7-148cc" in row["citation"]
    assert "advisory boards" in row["guidance"]
    assert "counsel should confirm" in row["guidance"]


def test_the_disclaimer_says_what_7_339c_says_and_no_more():
    choices = _choices()
    sentence = Draft(choices, Clause.objects.none()).disclaimer[-1]

    assert "7-339c" in sentence
    assert "ratification or rejection" in sentence and "public comment" in sentence
    assert "requires" not in sentence
