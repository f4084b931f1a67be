"""Sources: what a citation records, and how it is shown under the items that cite it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Source
from tests.factories import make_agreement, make_body, make_source

pytestmark = pytest.mark.django_db


def test_a_publication_date_sets_the_year():
    source = make_source(published_on=datetime.date(1997, 7, 31))

    assert Source.objects.get(pk=source.pk).published_year == 1997


def test_a_year_that_contradicts_the_date_fails_validation():
    source = Source(
        title="Report", url="https://example.org/r", published_on=datetime.date(1997, 7, 31),
        published_year=1998,
    )  # fmt: skip

    with pytest.raises(ValidationError) as raised:
        source.full_clean()

    assert "published_year" in raised.value.message_dict


def test_one_source_per_address():
    make_source(url="https://example.org/same")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(url="https://example.org/same")


def test_an_implausible_year_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(published_year=97)


def test_sources_are_listed_oldest_first_with_undated_ones_last():
    undated = make_source("Undated page")
    new = make_source("New report", published_year=2014)
    old = make_source("Old report", published_year=1997)
    also_undated = make_source("[A page without a title]")

    assert list(Source.objects.all()) == [old, new, undated, also_undated]


def test_a_source_is_named_with_its_publisher_and_year():
    assert str(make_source("About Us", publisher="CREC", published_year=2019)) == (
        "About Us (CREC, 2019)"
    )
    assert str(make_source("About Us", url="https://example.org/about")) == "About Us"


def test_natural_key_is_the_address():
    source = make_source(url="https://example.org/key")

    assert Source.objects.get_by_natural_key("https://example.org/key") == source
    assert source.natural_key() == ("https://example.org/key",)


def test_one_source_can_back_several_kinds_of_item():
    source = make_source()
    agreement = make_agreement(parties=[make_body()])
    body = make_body()
    agreement.sources.add(source)
    body.sources.add(source)

    assert list(source.cited_by_agreement.all()) == [agreement]
    assert list(source.cited_by_publicbody.all()) == [body]
