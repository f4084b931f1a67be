"""Agreements and their parties: constraints the database enforces, and what they show."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from agreements.models import Agreement, AgreementDocument, Party, PartyRole
from tests.factories import make_agreement, make_body, make_document

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2024, 1, 1)
JUN_1 = datetime.date(2024, 6, 1)


def test_agreement_str_is_its_title():
    assert str(make_agreement("Bolton regional building inspection")) == (
        "Bolton regional building inspection"
    )


def test_agreement_absolute_url_uses_its_slug():
    agreement = make_agreement(slug="bolton-regional-building-inspection")

    assert agreement.get_absolute_url() == "/agreements/bolton-regional-building-inspection/"


def test_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            title="Backwards", slug="backwards", start_date=JUN_1, end_date=JAN_1
        )


def test_end_before_start_is_refused_by_the_database_on_update():
    agreement = make_agreement(start_date=JAN_1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(end_date=datetime.date(2023, 12, 31))


def test_end_before_start_fails_validation_with_a_clear_message():
    agreement = Agreement(title="Backwards", slug="backwards", start_date=JUN_1, end_date=JAN_1)

    with pytest.raises(ValidationError) as raised:
        agreement.full_clean()

    assert raised.value.message_dict == {
        "end_date": ["The end date cannot be before the start date."]
    }


def test_agreement_may_end_on_the_day_it_starts():
    agreement = make_agreement(start_date=JAN_1, end_date=JAN_1)

    agreement.full_clean()
    assert Agreement.objects.get(pk=agreement.pk).end_date == JAN_1


def test_agreement_may_have_an_end_date_without_a_known_start():
    agreement = make_agreement(end_date=JAN_1)

    agreement.full_clean()
    assert Agreement.objects.get(pk=agreement.pk).start_date is None


def test_agreement_may_be_open_ended():
    make_agreement(start_date=JAN_1).full_clean()


def test_body_is_a_party_to_an_agreement_only_once_in_the_database():
    town = make_body("Bolton")
    agreement = make_agreement(parties=[town])

    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(agreement=agreement, body=town, role=PartyRole.RECIPIENT)


def test_body_twice_in_one_agreement_fails_validation_with_a_clear_message():
    town = make_body("Bolton")
    agreement = make_agreement(parties=[town])

    with pytest.raises(ValidationError) as raised:
        Party(agreement=agreement, body=town, role=PartyRole.RECIPIENT).full_clean()

    assert raised.value.messages == ["This body is already a party to the agreement."]


def test_body_may_be_a_party_to_several_agreements():
    town = make_body("Windsor")
    make_agreement(parties=[town])
    make_agreement(parties=[town])

    assert Party.objects.filter(body=town).count() == 2


def test_party_str_names_the_body_and_its_role():
    town = make_body("Bolton")
    agreement = make_agreement(parties=[(town, PartyRole.LEAD)])

    assert str(agreement.parties.get()) == "Bolton (Lead / provider)"


def test_party_natural_key_is_agreement_and_body_slugs():
    town = make_body("Bolton", slug="bolton")
    agreement = make_agreement(slug="inspection", parties=[town])
    party = agreement.parties.get()

    assert party.natural_key() == ("inspection", "bolton")
    assert Party.objects.get_by_natural_key("inspection", "bolton") == party


def test_leads_are_the_bodies_in_the_lead_role():
    bolton, andover, ashford = make_body("Bolton"), make_body("Andover"), make_body("Ashford")
    agreement = make_agreement(
        parties=[(andover, PartyRole.RECIPIENT), (bolton, PartyRole.LEAD), ashford]
    )

    assert agreement.leads == [bolton]


def test_agreement_between_partners_has_no_lead():
    windsor, bloomfield = make_body("Windsor"), make_body("Bloomfield")
    agreement = make_agreement(
        parties=[(windsor, PartyRole.PARTNER), (bloomfield, PartyRole.PARTNER)]
    )

    assert agreement.leads == []


def test_party_bodies_lists_every_published_party():
    bolton, andover = make_body("Bolton"), make_body("Andover")
    agreement = make_agreement(parties=[bolton, andover])

    assert set(agreement.party_bodies) == {bolton, andover}


def test_party_bodies_leaves_out_draft_bodies():
    bolton, hidden = make_body("Bolton"), make_body("Hidden town", published=False)
    agreement = make_agreement(parties=[bolton, hidden])

    assert agreement.party_bodies == [bolton]


def test_leads_leave_out_a_draft_lead():
    hidden, andover = make_body("Hidden town", published=False), make_body("Andover")
    agreement = make_agreement(parties=[hidden, andover])

    assert agreement.leads == []


def test_visible_parties_are_those_with_published_bodies():
    bolton, hidden = make_body("Bolton"), make_body("Hidden town", published=False)
    make_agreement(parties=[bolton, hidden])

    assert [party.body for party in Party.objects.visible()] == [bolton]


def test_listing_queryset_answers_leads_without_more_queries(django_assert_num_queries):
    for _ in range(3):
        make_agreement(parties=[make_body(), make_body()])
    agreements = list(Agreement.objects.published().for_listing())

    with django_assert_num_queries(0):
        for agreement in agreements:
            assert len(agreement.leads) == 1
            assert len(agreement.party_bodies) == 2


def test_body_in_an_agreement_cannot_be_deleted():
    town = make_body("Bolton")
    make_agreement(parties=[town])

    with pytest.raises(ProtectedError), transaction.atomic():
        town.delete()


def test_deleting_an_agreement_deletes_its_parties_and_documents():
    agreement = make_agreement(parties=[make_body()])
    make_document(agreement)

    agreement.delete()

    assert not Party.objects.exists()
    assert not AgreementDocument.objects.exists()
