"""The category and town pages lead to the partner finder; an empty category invites contact."""

import pytest
from django.conf import settings

from municipalities.models import BodyKind
from tests.factories import make_agreement, make_body, make_category

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_category_page_has_a_finder_form_preselecting_the_service(client, region):
    page = html(client, "/services/public-health/")

    # One form, one list of towns: "Find out" answers, the second button finds partners.
    assert "Who provides public health in your town, and who could share it with you?" in page
    assert '<input type="hidden" name="service" value="public-health">' in page
    assert page.count('<option value="andover">Andover</option>') == 1
    assert (
        '<button type="submit" formaction="/partners/">Find partners to share it with</button>'
    ) in page
    assert "Hiddenville" not in page
    assert '<option value="eastern-highlands-health-district">' not in page


def test_category_without_agreements_invites_contact_and_links_the_finder(client, region):
    make_category("Childcare", slug="childcare")

    page = html(client, "/services/childcare/")

    assert "No agreement for this service is recorded yet. Know of one? Tell" in page
    assert f'<a href="https://crcog.example.org/">{settings.COG_NAME}</a>' in page
    assert settings.COG_ADDRESS in page
    assert '<a href="/partners/?service=childcare">' in page
    assert "mailto:" not in page


def test_category_without_agreements_and_no_council_record_names_the_council(client, db):
    make_category("Childcare", slug="childcare")
    make_body(settings.COG_NAME, kind=BodyKind.COG, published=False, website="https://x.test/")

    page = html(client, "/services/childcare/")

    assert f"Tell {settings.COG_NAME} ({settings.COG_ADDRESS})." in page
    assert "https://x.test/" not in page


def test_category_with_agreements_does_not_ask_for_one(client, region):
    assert "No agreement for this service is recorded yet" not in html(
        client, "/services/public-health/"
    )


def test_town_page_links_the_finder_for_the_town_and_each_of_its_services(client, region):
    page = html(client, "/municipalities/andover/")

    assert '<a href="/partners/?town=andover">Who could share a service with Andover?</a>' in page
    assert (
        '<a href="/partners/?service=public-health&amp;town=andover">'
        "Who could share public health with Andover?</a>"
    ) in page


def test_district_page_has_no_town_finder_links(client, region):
    page = html(client, "/municipalities/eastern-highlands-health-district/")

    assert "/partners/" not in page


def test_town_page_links_lead_to_a_working_finder(client, region):
    make_agreement(categories=[region["health"]], parties=[region["avon"]])

    for url in ("/partners/?town=avon", "/partners/?service=public-health&town=avon"):
        assert "Who could share" in html(client, url)
