""" "Who provides … in …?": one answer page per town and service, from published content only."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from region import forms as region_forms
from tests.factories import make_agreement, make_body, make_category, make_membership

pytestmark = pytest.mark.django_db

LEAD, PARTNER, RECIPIENT = PartyRole.LEAD, PartyRole.PARTNER, PartyRole.RECIPIENT


@pytest.fixture
def inspection():
    return make_category("Building inspection", slug="building-inspection")


@pytest.fixture
def towns():
    return {
        name: make_body(name, slug=name.lower())
        for name in ["Andover", "Ashford", "Bolton", "Coventry", "Hebron", "Willington"]
    }


def answer_page(client, town, service):
    response = client.get(f"/towns/{town}/services/{service}/")
    assert response.status_code == 200
    return response


def sentences(response):
    return [a.text for a in response.context["answer"].current]


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_town_served_by_a_lead(client, inspection, towns):
    make_agreement(
        "Bolton regional building inspection",
        categories=[inspection],
        parties=[(towns["Bolton"], LEAD), (towns["Andover"], RECIPIENT),
                 (towns["Ashford"], RECIPIENT), (towns["Willington"], RECIPIENT)],
    )  # fmt: skip

    response = answer_page(client, "andover", "building-inspection")

    assert sentences(response) == [
        "Building inspection in Andover is provided by Bolton under a regional agreement."
    ]
    text = text_of(response)
    assert "Bolton regional building inspection" in text
    # The others served the same way, each linking to its own answer.
    assert 'href="/towns/ashford/services/building-inspection/"' in response.content.decode()
    assert "Others served the same way: Ashford , Willington" in text
    assert "Whom to contact" in text

    lead = answer_page(client, "bolton", "building-inspection")
    assert sentences(lead) == [
        "Bolton provides building inspection itself and leads an agreement that serves "
        "Andover, Ashford and Willington too."
    ]


def test_a_town_served_through_a_district_membership(client, towns):
    health = make_category("Public health", slug="public-health")
    district = make_body(
        "Eastern Highlands Health District",
        slug="ehhd",
        kind=BodyKind.REGIONAL_AUTHORITY,
        website="https://ehhd.example.org/",
    )
    for name in ["Andover", "Bolton", "Coventry"]:
        make_membership(district, towns[name])
    make_membership(district, towns["Hebron"], left_year=2001)  # a former member
    make_agreement("Eastern Highlands Health District", categories=[health], parties=[district])

    response = answer_page(client, "andover", "public-health")

    assert sentences(response) == [
        "Public health in Andover is provided by Eastern Highlands Health District, a regional "
        "body Andover is a member of."
    ]
    html = response.content.decode()
    assert "Other current members of Eastern Highlands Health District" in text_of(response)
    assert "/towns/coventry/services/public-health/" in html
    assert "/towns/hebron/" not in html  # left in 2001
    assert 'href="https://ehhd.example.org/"' in html
    # A former member is answered honestly: nothing recorded.
    assert sentences(answer_page(client, "hebron", "public-health")) == []


def test_a_town_in_a_partnership(client, towns):
    police = make_category("Police", slug="police")
    make_agreement(
        "Narcotics task force",
        categories=[police],
        parties=[(towns["Coventry"], PARTNER), (towns["Hebron"], PARTNER),
                 (towns["Bolton"], PARTNER)],
    )  # fmt: skip
    make_agreement(
        "Traffic unit",
        categories=[police],
        parties=[(towns["Ashford"], LEAD), (towns["Coventry"], PARTNER)],
    )

    assert sentences(answer_page(client, "coventry", "police")) == [
        # By title within the same way: "Narcotics task force", then "Traffic unit".
        "Coventry shares police jointly with Bolton and Hebron.",
        "Police in Coventry is provided by Ashford, with Coventry as a partner.",
    ]


def test_a_town_served_by_nothing(client, inspection, towns):
    response = answer_page(client, "hebron", "building-inspection")

    assert sentences(response) == []
    text = text_of(response)
    assert "No shared arrangement for building inspection in Hebron is recorded here" in text
    assert "Hebron may provide it itself" in text
    html = response.content.decode()
    assert "/partners/?service=building-inspection&amp;town=hebron" in html
    assert "Something missing or wrong?" in text


def test_proposed_and_ended_arrangements_are_listed_apart(client, inspection, towns):
    make_agreement(
        "Old inspection compact",
        categories=[inspection],
        parties=[towns["Bolton"], towns["Hebron"]],
        status=AgreementStatus.ENDED,
    )

    response = answer_page(client, "hebron", "building-inspection")

    assert sentences(response) == []
    assert [a.agreement.title for a in response.context["answer"].earlier] == [
        "Old inspection compact"
    ]
    assert "Proposed or ended arrangements" in text_of(response)


def test_drafts_never_appear_in_an_answer(client, inspection, towns):
    draft_lead = make_body("Secret Lead Town", slug="secret-lead", published=False)
    make_agreement(
        "Draft inspection deal", categories=[inspection],
        parties=[towns["Bolton"], towns["Hebron"]], published=False,
    )  # fmt: skip
    make_agreement("Public deal", categories=[inspection], parties=[draft_lead, towns["Coventry"]])
    draft_district = make_body("Draft District", kind=BodyKind.REGIONAL_AUTHORITY, published=False)
    make_membership(draft_district, towns["Hebron"])
    make_agreement("District deal", categories=[inspection], parties=[draft_district])

    hebron = answer_page(client, "hebron", "building-inspection")
    coventry = answer_page(client, "coventry", "building-inspection")

    assert sentences(hebron) == []
    for response in (hebron, coventry):
        html = response.content.decode()
        for secret in ("Draft inspection deal", "Secret Lead Town", "Draft District"):
            assert secret not in html
    # The draft lead is left out: the town's answer says no lead is recorded.
    assert sentences(coventry) == [
        "Coventry receives building inspection under a shared agreement; no lead is recorded."
    ]
    # A draft town or category has no answer page at all.
    make_category("Draft service", slug="draft-service", published=False)
    assert client.get("/towns/secret-lead/services/building-inspection/").status_code == 404
    assert client.get("/towns/hebron/services/draft-service/").status_code == 404
    assert client.get("/towns/nowhere/services/building-inspection/").status_code == 404


def test_only_towns_have_answer_pages(client, inspection):
    make_body("Regional School District 8", slug="rsd8", kind=BodyKind.REGIONAL_SCHOOL_DISTRICT)
    assert client.get("/towns/rsd8/services/building-inspection/").status_code == 404


def test_names_are_escaped(client, inspection):
    hostile = make_body('<script>alert("x")</script> Town', slug="hostile")
    make_agreement("Deal", categories=[inspection], parties=[hostile, make_body("Plain")])

    response = client.get("/towns/hostile/services/building-inspection/")

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_lookup_form_redirects_to_the_answer_and_explains_bad_input(client, inspection, towns):
    response = client.get("/towns/?town=andover&service=building-inspection")
    assert response.status_code == 302
    assert response["Location"] == "/towns/andover/services/building-inspection/"

    bad = client.get("/towns/?town=atlantis&service=building-inspection")
    assert bad.status_code == 400
    assert "We list no town by that name" in bad.content.decode()
    missing = client.get("/towns/?town=andover")
    assert missing.status_code == 400
    assert "Choose a service." in missing.content.decode()
    assert client.get("/towns/").status_code == 200


def test_the_form_is_on_the_home_town_and_category_pages(client, inspection, towns):
    home = client.get("/").content.decode()
    assert 'action="/towns/"' in home and 'name="town"' in home and 'name="service"' in home

    town = client.get("/municipalities/andover/").content.decode()
    assert '<input type="hidden" name="town" value="andover">' in town
    assert "Who provides a service in Andover?" in town

    category = client.get("/services/building-inspection/").content.decode()
    assert '<input type="hidden" name="service" value="building-inspection">' in category
    assert '<option value="andover">Andover</option>' in category


def test_past_the_list_limit_the_town_is_typed_and_found_by_name(
    client, inspection, towns, monkeypatch
):
    monkeypatch.setattr(region_forms, "TOWN_LIST_LIMIT", 3)
    home = client.get("/").content.decode()
    assert '<select name="town"' not in home and '<option value="andover">' not in home
    field = re.search(r'<input type="text" name="town"[^>]*>', home).group(0)
    assert 'id="lookup-town"' in field and 'autocomplete="address-level2"' in field
    assert '<label for="lookup-town">Town</label>' in home

    for typed in ["Andover", "  andover ", "ANDOVER", "andover"]:
        response = client.get("/towns/", {"town": typed, "service": "building-inspection"})
        assert response["Location"] == "/towns/andover/services/building-inspection/"
    bad = client.get("/towns/", {"town": "Atlantis", "service": "building-inspection"})
    assert bad.status_code == 400
    assert "We list no town by that name. Check its spelling." in bad.content.decode()
    assert 'value="Atlantis"' in bad.content.decode()  # what was typed stays to correct
    missing = client.get("/towns/", {"service": "building-inspection"})
    assert "Type the name of a town." in missing.content.decode()

    # The answer page's form shows the town by name; the category page's partner button
    # sends the typed name to the partner finder, which finds it the same way.
    answer = answer_page(client, "andover", "building-inspection").content.decode()
    assert re.search(r'<input type="text" name="town" value="Andover"', answer)
    finder = client.get("/partners/", {"service": "building-inspection", "town": "bolton "})
    assert finder.context["town"] == towns["Bolton"]
    unknown = client.get("/partners/", {"service": "building-inspection", "town": "Atlantis"})
    assert unknown.context["town"] is None
    assert "We list no town by that name. Check its spelling." in unknown.content.decode()


def test_answer_pages_have_canonical_json_ld_and_a_sitemap(client, inspection, towns):
    make_agreement(
        "Inspection", categories=[inspection], parties=[towns["Bolton"], towns["Andover"]]
    )
    district = make_body("Health District", slug="hd", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, towns["Coventry"])
    health = make_category("Public health", slug="public-health")
    make_agreement("Health", categories=[health], parties=[district])

    html = answer_page(client, "andover", "building-inspection").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/towns/andover/services/building-inspection/">'
        in html
    )
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Building inspection in Andover"
    assert [p["name"] for p in data["provider"]] == ["Bolton"]

    index = client.get("/sitemap.xml")
    assert b"sitemap-answers.xml" in index.content
    section = client.get("/sitemap-answers.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [e.text for e in ET.fromstring(section.content).findall("s:url/s:loc", ns)]
    assert locations == [
        "http://testserver/towns/andover/services/building-inspection/",
        "http://testserver/towns/bolton/services/building-inspection/",
        "http://testserver/towns/coventry/services/public-health/",
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(client, inspection, towns):
    district = make_body("District", slug="district", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, towns["Andover"])

    def add(start, count):
        for i in range(start, start + count):
            lead = make_body(f"Lead {i}")
            make_membership(district, make_body(f"Member {i}"))
            make_agreement(
                f"Deal {i}", categories=[inspection],
                parties=[(lead, LEAD), (towns["Andover"], RECIPIENT), (make_body(f"R {i}"), RECIPIENT)],
            )  # fmt: skip
            make_agreement(f"District deal {i}", categories=[inspection], parties=[district])

    url = "/towns/andover/services/building-inspection/"
    add(0, 2)
    small = count_queries(client, url)
    add(2, 20)
    large = count_queries(client, url)
    assert small == large
    assert large <= 10


def test_the_home_page_is_built_around_three_jobs(client, inspection, towns):
    make_agreement(
        "Inspection", categories=[inspection], parties=[towns["Bolton"], towns["Andover"]]
    )
    make_agreement("Draft", categories=[inspection], parties=[towns["Bolton"]], published=False)
    make_body("District", kind=BodyKind.REGIONAL_AUTHORITY)
    make_body("Draft district", kind=BodyKind.REGIONAL_AUTHORITY, published=False)

    response = client.get("/")

    html = response.content.decode()
    text = text_of(response)
    assert "Who provides a service in your town?" in text
    assert "Find an agreement to copy" in text
    assert "Learn how sharing works" in text
    # One search box: the header's.
    assert html.count('type="search"') == 1
    assert response.context["counts"] == {
        "agreements": 1, "towns": 6, "other_bodies": 1, "services": 1,
    }  # fmt: skip
    assert "Governments's" not in html and "(s)" not in text
    assert 'href="/region/"' in html
