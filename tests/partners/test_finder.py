"""The partner finder: who leads or shares a service, nearest first, drafts never shown."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import PublicBody
from partners import finder
from partners.finder import Nearness, Place
from portal.models import PublicationStatus
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_membership,
    make_program,
)
from tests.partners.conftest import CAPITOL, TOLLAND, make_district, make_town

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12  # as tests/public/test_query_counts.py allows every public page


def page(client, query):
    response = client.get(f"/partners/{query}")
    assert response.status_code == 200
    return response


def provider_names(response):
    return [p.body.name for p in response.context["finding"].providers]


def by_name(response):
    return {p.body.name: p for p in response.context["finding"].providers}


def test_nearest_first_same_region_then_county_then_the_rest_each_by_name(client, region):
    response = page(client, "?service=public-health&town=andover")

    assert provider_names(response) == [
        # Capitol: a district where its members are, a school district where its town is.
        "Avon school district", "Bolton", "Coventry", "Eastern Highlands Health District",
        # Tolland County, in another region or none.
        "Stafford", "Union",
        # The rest: another region and county, no place at all, a district of far towns.
        "Lyme", "Nowhere", "Shoreline Health District",
    ]  # fmt: skip
    nearness = [p.nearness for p in response.context["finding"].providers]
    assert (
        nearness
        == [Nearness.SAME_REGION] * 4 + [Nearness.SAME_COUNTY] * 2 + [Nearness.ELSEWHERE] * 3
    )


def test_the_page_states_the_ordering_rule_and_groups_under_headings(client, region):
    html = page(client, "?service=public-health&town=andover").content.decode()

    assert "Nearest first: bodies in Andover's planning region, then in its county" in html
    headings = re.findall(r'<h3 id="group-\d">(.*?)</h3>', html)
    assert headings == [
        "In Andover&#x27;s planning region (Capitol) (4)",
        "In Andover&#x27;s county (Tolland County) (2)",
        "Farther away, or where no region or county is recorded (3)",
    ]
    assert '<h4 class="result-title"><a href="/municipalities/bolton/">Bolton</a></h4>' in html


def test_a_town_without_a_recorded_place_gets_every_body_by_name(client, region):
    response = page(client, "?service=public-health&town=nowhere")

    names = provider_names(response)
    assert names == sorted(names)
    assert {p.nearness for p in response.context["finding"].providers} == {Nearness.ELSEWHERE}


ANDOVER = Place(frozenset([CAPITOL]), frozenset([TOLLAND]))


def test_a_body_without_a_place_takes_its_published_parents():
    body = PublicBody()
    parent = PublicBody(planning_region=CAPITOL, publication=PublicationStatus.PUBLISHED)
    draft_parent = PublicBody(planning_region=CAPITOL, publication=PublicationStatus.DRAFT)

    assert finder.place_of(body, parent).nearness_to(ANDOVER) == Nearness.SAME_REGION
    assert finder.place_of(body, draft_parent).nearness_to(ANDOVER) == Nearness.ELSEWHERE


def test_a_body_without_a_place_or_parent_is_where_its_members_are():
    members = [PublicBody(county="Hartford County"), PublicBody(county=TOLLAND)]

    assert finder.place_of(PublicBody(), None, members).nearness_to(ANDOVER) == (
        Nearness.SAME_COUNTY
    )


def test_a_bodys_own_place_wins_over_its_members():
    body = PublicBody(planning_region="Southeastern")
    members = [PublicBody(planning_region=CAPITOL)]

    assert finder.place_of(body, None, members).nearness_to(ANDOVER) == Nearness.ELSEWHERE


def test_district_members_are_found_through_the_district(client, region):
    providers = by_name(page(client, "?service=public-health&town=andover"))

    coventry = providers["Coventry"]
    assert coventry.agreement_total == 0
    assert [d.name for d in providers["Coventry"].districts] == [
        "Eastern Highlands Health District"
    ]
    assert providers["Eastern Highlands Health District"].member_count == 2
    assert providers["Lyme"].districts == [region["far_district"]]


def test_the_page_says_how_each_body_takes_part(client, region):
    html = page(client, "?service=public-health&town=andover").content.decode()

    assert 'Member of <a href="/municipalities/eastern-highlands-health-district/">' in html
    assert "Provides it to its 2 current members." in html
    assert "Takes part in 1 agreement for this service: leads or provides it." in html
    assert (
        "Takes part in 2 agreements for this service: shares it as a partner; receives it." in html
    )
    assert '<a href="/agreements/eastern-highlands-health-services/">' in html
    assert "regional entity or authority" in html  # the agreement's governance form


def test_a_district_that_only_receives_the_service_does_not_pass_it_to_its_members(client, db):
    health = make_category("Public health", slug="public-health")
    member = make_town("Member town", CAPITOL, TOLLAND)
    district = make_district("Receiving district", member)
    make_agreement(categories=[health], parties=[make_town("Provider"), district])

    providers = by_name(page(client, "?service=public-health"))

    assert "Receiving district" in providers
    assert "Member town" not in providers


def test_a_district_whose_agreement_ended_no_longer_provides_to_its_members(client, db):
    health = make_category("Public health", slug="public-health")
    andover = make_town("Andover", CAPITOL, TOLLAND)
    district = make_district("Old district", andover, make_town("Coventry", CAPITOL, TOLLAND))
    make_agreement(categories=[health], parties=[district], status=AgreementStatus.ENDED)

    response = page(client, "?service=public-health&town=andover")
    providers = by_name(response)

    assert list(providers) == ["Old district"]  # still listed, with its ended agreement
    assert not providers["Old district"].shares_with_town
    assert providers["Old district"].member_count == 0
    assert response.context["finding"].town_districts == []


def test_a_former_member_does_not_share_through_the_district(client, region):
    make_membership(region["district"], make_town("Columbia", CAPITOL, TOLLAND), left_year=2010)

    providers = by_name(page(client, "?service=public-health&town=andover"))

    assert "Columbia" not in providers
    assert providers["Eastern Highlands Health District"].member_count == 2


def test_the_towns_it_already_shares_with_are_flagged(client, region):
    response = page(client, "?service=public-health&town=andover")
    providers = by_name(response)

    shared = {name for name, p in providers.items() if p.shares_with_town}
    # A co-party to a current agreement, its district, and a fellow member of that district;
    # not Union, whose agreement with Andover has ended.
    assert shared == {"Bolton", "Eastern Highlands Health District", "Coventry"}
    html = response.content.decode()
    assert html.count("Already shares this with Andover") == 3
    assert html.count("Possible new partner") == 6


def test_the_towns_own_current_arrangements_are_shown(client, region):
    response = page(client, "?service=public-health&town=andover")

    finding = response.context["finding"]
    assert [p.agreement.title for p in finding.town_parties] == [
        "Andover and Bolton nurse", "Eastern Highlands health services",
    ]  # fmt: skip
    assert finding.town_districts == [region["district"]]
    assert "Ended Union clinic" not in response.content.decode().split("results-heading")[0]


def test_the_town_itself_is_not_its_own_partner(client, region):
    assert "Andover" not in provider_names(page(client, "?service=public-health&town=andover"))


def test_drafts_never_appear(client, region):
    html = page(client, "?service=public-health&town=andover").content.decode()

    for secret in ("Secret draft clinic", "Hiddenville"):
        assert secret not in html
    # Avon takes part only in a draft agreement.
    assert 'href="/municipalities/avon/"' not in html


def test_a_draft_membership_end_is_not_followed(client, region):
    draft_district = make_district(
        "Draft health district", region["andover"], make_town("Tolland", CAPITOL, TOLLAND),
        published=False,
    )  # fmt: skip
    make_agreement(categories=[region["health"]], parties=[draft_district])

    response = page(client, "?service=public-health&town=andover")

    assert "Draft health district" not in response.content.decode()
    assert "Tolland" not in provider_names(response)  # its only link is the draft district
    assert "Hiddenville" not in response.content.decode()  # a draft member of a district


@pytest.mark.parametrize(
    "query",
    ["?service=secret-service&town=andover", "?service=public-health&town=hiddenville"],
)
def test_a_draft_category_or_town_is_treated_as_unknown(client, region, query):
    make_category("Secret service", slug="secret-service", published=False)

    response = page(client, query)
    html = response.content.decode()

    assert "We list no" in html
    assert "Secret service" not in html
    assert "Hiddenville" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("?service=no-such-thing", "We list no service by that name"),
        ("?town=atlantis", "We list no town by that name"),
        ("?service=%00%3Cb%3E&town=%FF", "We list no service by that name"),
    ],
)
def test_unknown_slugs_give_a_clear_message_and_the_form(client, region, query, message):
    html = page(client, query).content.decode()

    assert message in html
    assert 'role="alert"' in html
    assert '<label for="id_service">Service</label>' in html
    assert '<label for="id_town">Your town</label>' in html


def test_a_bad_town_keeps_the_chosen_service(client, region):
    response = page(client, "?service=public-health&town=atlantis")

    assert "We list no town by that name" in response.content.decode()
    assert response.context["category"] == region["health"]
    assert "Bolton" in provider_names(response)


def test_the_empty_form_prompts_for_a_choice(client, region):
    response = page(client, "")
    html = response.content.decode()

    assert "Choose a service, your town, or both." in html
    assert response.context["finding"] is None
    assert 'role="alert"' not in html
    assert '<option value="public-health">Public health</option>' in html
    assert '<option value="andover">Andover</option>' in html
    assert "Hiddenville" not in html
    assert "Eastern Highlands" not in html  # towns only in the town select


def test_a_service_alone_lists_every_provider_by_name(client, region):
    response = page(client, "?service=public-health")
    names = provider_names(response)

    assert names == sorted(names)
    assert "Andover" in names
    assert response.context["groups"] is None
    html = response.content.decode()
    assert "Choose your town too" in html
    assert "Already shares" not in html


def test_a_town_alone_prompts_for_a_service_and_links_its_services(client, region):
    html = page(client, "?town=andover").content.decode()

    assert "Choose a service to see who could share it with Andover." in html
    assert "Services in Andover's recorded agreements" in html
    assert (
        '<a href="/partners/?service=public-health&amp;town=andover">'
        "Who could share public health with Andover?</a>"
    ) in html


def test_contact_is_the_website_or_an_honest_pointer_to_the_council(client, region):
    html = page(client, "?service=public-health&town=andover").content.decode()

    assert 'Contact: <a href="https://bolton.example.gov/">' in html
    assert "No contact is recorded for Coventry. Ask" in html
    assert f'<a href="https://crcog.example.org/">{settings.COG_NAME}</a>' in html
    assert "mailto:" not in html
    assert "tel:" not in html


def test_rpip_note_says_who_applies_and_links_the_program(client, region):
    rpip = make_program(
        "Regional Performance Incentive Program", acronym="RPIP", slug="rpip-program"
    )
    make_contact("Robyn Nichols", programs=[rpip])

    html = page(client, "?service=public-health&town=andover").content.decode()

    assert "Can the state fund a new arrangement?" in html
    assert "councils of governments (COGs) and regional educational service centers" in html
    assert f"it proposes the project to {settings.COG_NAME}" in html
    assert '<a href="/programs/rpip-program/">' in html


def test_rpip_note_for_a_town_outside_the_council(client, region):
    html = page(client, "?service=public-health&town=union").content.decode()

    assert f"is not recorded as a member of {settings.COG_NAME}" in html


def test_rpip_note_without_a_published_program_links_nothing(client, region):
    make_program("Regional Performance Incentive Program", acronym="RPIP", published=False)

    html = page(client, "?service=public-health&town=andover").content.decode()

    assert "only councils of governments (COGs)" in html
    assert "/programs/" not in html.split('id="rpip-heading"')[1].split("</section>")[0]


def test_each_provider_shows_the_newest_few_agreements_and_links_the_library(client, region):
    for number in range(finder.AGREEMENTS_SHOWN + 2):
        make_agreement(
            f"Bolton health {number}", categories=[region["health"]], parties=[region["bolton"]],
            start_year=2000 + number,
        )  # fmt: skip
    response = page(client, "?service=public-health&town=andover")

    bolton = by_name(response)["Bolton"]
    assert bolton.agreement_total == finder.AGREEMENTS_SHOWN + 4
    assert [p.agreement.title for p in bolton.parties] == ["Bolton health 4", "Bolton health 3",
                                                            "Bolton health 2"]  # fmt: skip
    assert (
        '<a href="/agreements/?category=public-health&amp;municipality=bolton">All 7 public '
        "health agreements of Bolton in the library</a>"
    ) in response.content.decode()


def test_the_list_is_capped_nearest_kept(client, region, monkeypatch):
    monkeypatch.setattr(finder, "MAX_PROVIDERS", 3)

    response = page(client, "?service=public-health&town=andover")

    assert provider_names(response) == ["Avon school district", "Bolton", "Coventry"]
    assert "Showing the first 3 of 9." in response.content.decode()


def test_a_category_with_no_providers_invites_contact(client, region):
    make_category("Childcare", slug="childcare")

    html = page(client, "?service=childcare&town=andover").content.decode()

    assert "No body is recorded yet as leading or sharing childcare." in html
    assert f'Tell <a href="https://crcog.example.org/">{settings.COG_NAME}</a>' in html


def add_health_agreements(region, count):
    """More agreements, towns and district members: nothing the finder should pay for per row."""
    for number in range(count):
        town = make_town(f"Extra town {region['health'].pk}-{number}-{make_body().pk}", CAPITOL)
        make_membership(region["district"], town)
        make_agreement(
            categories=[region["health"], make_category()],
            parties=[town, (region["bolton"], PartyRole.PARTNER), region["andover"]],
            start_year=1990 + number,
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        page(client, url)
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "?service=public-health&town=andover",
        "?service=public-health",
        "?town=andover",
        "",
        "?service=nope&town=nope",
    ],
)
def test_the_finder_costs_the_same_few_queries_at_any_size(client, region, url):
    make_program("Regional Performance Incentive Program", acronym="RPIP")
    add_health_agreements(region, 3)
    small = count_queries(client, url)
    add_health_agreements(region, 30)
    large = count_queries(client, url)
    print(f"{url}: {large} queries")
    assert large == small, f"{small} queries with a few agreements, {large} with many"
    assert large <= MAX_QUERIES
