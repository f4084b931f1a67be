"""Savings are claims with a source; years stand on their own when a day is not known."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, SavingsClaim, SavingsKind
from tests.factories import make_agreement, make_body, make_savings_claim, make_source

pytestmark = pytest.mark.django_db


def test_negative_savings_are_refused_by_the_database():
    agreement = make_agreement()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_savings_claim(agreement, amount=-1)


def test_negative_savings_fail_validation_with_a_clear_message():
    claim = SavingsClaim(
        agreement=make_agreement(), amount=Decimal("-5"), year=2013,
        kind=SavingsKind.PROJECTED, source=make_source(),
    )  # fmt: skip

    with pytest.raises(ValidationError) as raised:
        claim.full_clean()

    assert raised.value.message_dict["amount"] == ["Savings cannot be negative."]


@pytest.mark.parametrize("missing", ["year", "kind", "source"])
def test_a_claim_needs_a_year_a_kind_and_a_source(missing):
    fields = {"year": 2013, "kind": SavingsKind.PROJECTED, "source": make_source()}
    fields[missing] = None

    with pytest.raises(IntegrityError), transaction.atomic():
        SavingsClaim.objects.create(agreement=make_agreement(), amount=100, **fields)


def test_a_claim_reads_as_who_said_what_when(client):
    agreement = make_agreement("Vernon sewage treatment", parties=[make_body("Vernon")])
    make_savings_claim(
        agreement, 31000, year=2013, stated_by="Vernon's WPCA director",
        description="for Vernon's sewer users",
        source=make_source("Ellington to pump larger sewer flow into Vernon"),
    )  # fmt: skip

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert (
        "Projected in 2013 by Vernon&#x27;s WPCA director: <strong>$31,000 a year</strong> "
        "(for Vernon&#x27;s sewer users)."
    ) in html
    assert "Ellington to pump larger sewer flow into Vernon" in html


def test_an_agreement_without_claims_says_none_is_reported(client):
    agreement = make_agreement(parties=[make_body()])

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert "No saving is reported in the sources" in html


def test_an_exact_date_sets_the_year():
    agreement = make_agreement(start_date=datetime.date(1974, 7, 1))

    assert Agreement.objects.get(pk=agreement.pk).start_year == 1974


def test_a_year_alone_is_shown_without_inventing_a_day(client):
    agreement = make_agreement(start_year=1972, parties=[make_body()])

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert "<dt>Began</dt>\n    <dd>1972</dd>" in html


def test_end_year_before_start_year_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            title="Backwards", slug="backwards", start_year=1998, end_year=1972
        )


def test_end_year_before_start_year_fails_validation_with_a_clear_message():
    agreement = Agreement(title="Backwards", slug="backwards", start_year=1998, end_year=1972)

    with pytest.raises(ValidationError) as raised:
        agreement.full_clean()

    assert raised.value.message_dict["end_year"] == [
        "The end year cannot be before the start year."
    ]


def test_a_year_that_contradicts_the_exact_date_fails_validation():
    agreement = Agreement(
        title="Mixed", slug="mixed", start_year=1975, start_date=datetime.date(1974, 7, 1)
    )

    with pytest.raises(ValidationError) as raised:
        agreement.full_clean()

    assert "start_year" in raised.value.message_dict


def test_a_two_digit_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(title="Short year", slug="short-year", start_year=97)


def test_the_library_filters_and_sorts_by_year(client):
    make_agreement("Old", start_year=1972)
    make_agreement("Recent", start_year=2016)
    make_agreement("Unknown start")

    newest = client.get("/agreements/", {"sort": "newest"}).context["agreements"]
    oldest = client.get("/agreements/", {"sort": "oldest"}).context["agreements"]
    since_2000 = client.get("/agreements/", {"year_from": 2000}).context["agreements"]

    assert [a.title for a in newest] == ["Recent", "Old", "Unknown start"]
    assert [a.title for a in oldest] == ["Old", "Recent", "Unknown start"]
    assert [a.title for a in since_2000] == ["Recent"]


def test_status_defaults_to_not_known():
    assert Agreement().status == "unknown"
