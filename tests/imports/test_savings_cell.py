"""The export's savings cell reads back exactly, whatever the claims' words hold."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agreements.models import SavingsKind, SavingsPeriod
from exports.columns import AGREEMENTS
from imports.widgets import Savings
from sources.models import Source

# The model's check constraints are validated by the database.
pytestmark = pytest.mark.django_db

SAVINGS = next(column for column in AGREEMENTS if column.name == "savings")
URL = "https://news.example.org/a?b=1;c=<2>".replace("<", "%3C").replace(">", "%3E")

words = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=60)
claims = st.lists(
    st.fixed_dictionaries(
        {
            "amount": st.decimals(0, Decimal("9999999999.99"), places=2),
            "period": st.sampled_from(SavingsPeriod.values),
            "year": st.integers(1600, 2999),
            "kind": st.sampled_from(SavingsKind.values),
            "stated_by": words,
            "description": words,
        }
    ),
    max_size=4,
)


def _reader() -> Savings:
    widget = Savings(Source)
    widget.lookup.found[URL] = Source(pk=1, url=URL)  # found without a query
    return widget


@given(claims)
def test_a_savings_cell_reads_back_as_the_claims_it_was_written_from(written):
    cell = SAVINGS.text([{**claim, "amount": float(claim["amount"]), "source": URL}
                         for claim in written])  # fmt: skip

    read = _reader().clean(cell)

    fields = ["amount", "period", "year", "kind", "stated_by", "description"]
    assert [{name: getattr(claim, name) for name in fields} for claim in read] == written
    assert all(claim.source.url == URL for claim in read)


def test_a_claim_reads_as_the_example_in_the_docs():
    (claim,) = _reader().clean(
        f'projected 7000.00 a year (1997) by "Joan Lewis, chair": "for Coventry; she ""said"" so"'
        f" <{URL}>"
    )

    assert (claim.kind, claim.amount, claim.period, claim.year) == (
        "projected", Decimal("7000.00"), "year", 1997,
    )  # fmt: skip
    assert (claim.stated_by, claim.description) == (
        "Joan Lewis, chair",
        'for Coventry; she "said" so',
    )


def test_hand_typed_claims_may_use_dollars_commas_and_no_space_after_the_semicolon():
    read = _reader().clean(f"estimated $7,000 once (2001) <{URL}>;audited 5 a year (2002) <{URL}>")

    assert [(claim.amount, claim.period) for claim in read] == [
        (Decimal("7000"), "once"), (Decimal("5"), "year"),
    ]  # fmt: skip
