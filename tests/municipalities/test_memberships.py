"""Members of regional bodies: recorded once, shown on both pages, drafts never shown."""

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import BodyKind
from tests.factories import make_body, make_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    district = make_body(
        "Farmington Valley Health District", kind=BodyKind.REGIONAL_AUTHORITY, member=False
    )
    make_membership(district, make_body("Avon"), joined_year=1991)
    make_membership(district, make_body("Canton"))
    make_membership(district, make_body("Haddam", member=False), joined_year=2008, left_year=2016)
    make_membership(district, make_body("Hiddenville", published=False))
    return district


def test_the_district_page_lists_its_members(client, district):
    html = client.get(district.get_absolute_url()).content.decode()

    assert "Members (3)" in html
    assert '<a href="/municipalities/avon/">Avon</a> <span class="doc-meta">(since 1991)' in html
    assert '<a href="/municipalities/canton/">Canton</a>' in html
    assert "(former member, 2008–2016)" in html
    assert "Hiddenville" not in html


def test_a_town_page_shows_what_it_is_a_member_of(client, district):
    html = client.get("/municipalities/avon/").content.decode()

    assert "<dt>Member of</dt>" in html
    assert '<a href="/municipalities/farmington-valley-health-district/">' in html


def test_a_draft_district_is_not_shown_on_its_members_pages(client, district):
    district.publication = "draft"
    district.save()

    html = client.get("/municipalities/avon/").content.decode()

    assert "Member of" not in html
    assert "Farmington Valley Health District" not in html


def test_a_body_cannot_be_its_own_member():
    body = make_body()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(body, body)


def test_a_member_is_recorded_once(district):
    avon = district.memberships.get(member__name="Avon").member

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(district, avon)


def test_leaving_before_joining_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(make_body(), make_body(), joined_year=2016, left_year=2008)


def test_the_membership_flag_is_named_for_no_particular_council(client, settings):
    make_body("Avon")
    settings.COG_ABBREVIATION = "NECCOG"

    html = client.get("/municipalities/avon/").content.decode()

    assert "<dt>NECCOG member</dt><dd>Yes</dd>" in html


def test_a_two_digit_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(make_body(), make_body(), joined_year=20)
