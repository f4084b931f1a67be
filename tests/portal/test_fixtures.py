"""The starter content (fixtures/starter.json) loads the verified facts, once, on any database.

The expected values come from /work/shared/seed/shared-services-page.txt (CRCOG's page) and the
verified reference facts (ct_reference_facts.json), copied here so the suite stands alone.
"""

import re

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from agreements.models import Agreement, AgreementDocument, Party
from contacts.models import Contact, Program, Resource
from municipalities.models import BodyKind, PublicBody
from portal.models import PublicationStatus, SitePage
from services.models import ServiceCategory, ServiceKind
from statutes.models import Statute

pytestmark = pytest.mark.django_db

CONTENT_APPS = {"portal", "services", "municipalities", "statutes", "agreements", "contacts"}

ADMINISTRATIVE = ServiceKind.ADMINISTRATIVE
COMMUNITY = ServiceKind.COMMUNITY
CATEGORY_KINDS = {
    "Animal control": COMMUNITY,
    "Building inspection": COMMUNITY,
    "Dispatch services": COMMUNITY,
    "Economic development": COMMUNITY,
    "Financial management": ADMINISTRATIVE,
    "Fire prevention": COMMUNITY,
    "K-12 Education": COMMUNITY,
    "Facilities and grounds maintenance": ADMINISTRATIVE,
    "Human resources": ADMINISTRATIVE,
    "IT support": ADMINISTRATIVE,
    "Public health": COMMUNITY,
    "Waste management": COMMUNITY,
    "Water and wastewater services": COMMUNITY,
    "Childcare services": COMMUNITY,
}

# The 38 CRCOG members and their legacy counties (Capitol Planning Region).
MEMBER_COUNTIES = {
    "Andover": "Tolland", "Avon": "Hartford", "Berlin": "Hartford", "Bloomfield": "Hartford",
    "Bolton": "Tolland", "Canton": "Hartford", "Columbia": "Tolland", "Coventry": "Tolland",
    "East Granby": "Hartford", "East Hartford": "Hartford", "East Windsor": "Hartford",
    "Ellington": "Tolland", "Enfield": "Hartford", "Farmington": "Hartford",
    "Glastonbury": "Hartford", "Granby": "Hartford", "Hartford": "Hartford", "Hebron": "Tolland",
    "Manchester": "Hartford", "Mansfield": "Tolland", "Marlborough": "Hartford",
    "New Britain": "Hartford", "Newington": "Hartford", "Plainville": "Hartford",
    "Rocky Hill": "Hartford", "Simsbury": "Hartford", "Somers": "Tolland",
    "South Windsor": "Hartford", "Southington": "Hartford", "Stafford": "Tolland",
    "Suffield": "Hartford", "Tolland": "Tolland", "Vernon": "Tolland",
    "West Hartford": "Hartford", "Wethersfield": "Hartford", "Willington": "Tolland",
    "Windsor": "Hartford", "Windsor Locks": "Hartford",
}  # fmt: skip

SCHOOL_DISTRICT_TOWNS = {"Mansfield", "Plainville", "West Hartford"}

# Agreement slug -> {party name: role}, as the seed page describes them.
AGREEMENT_PARTIES = {
    "bolton-regional-building-inspection": {
        "Bolton": "lead",
        "Andover": "recipient",
        "Ashford": "recipient",
        "Willington": "recipient",
    },
    "windsor-bloomfield-landfill-and-transfer-station": {
        "Windsor": "partner",
        "Bloomfield": "partner",
    },
    **{
        f"{town.lower().replace(' ', '-')}-town-and-school-district-shared-services": {
            town: "partner",
            f"{town} school district": "partner",
        }
        for town in sorted(SCHOOL_DISTRICT_TOWNS)
    },
}
AGREEMENT_CATEGORIES = {
    "bolton-regional-building-inspection": {"Building inspection"},
    "windsor-bloomfield-landfill-and-transfer-station": {"Waste management"},
    **{
        f"{town.lower().replace(' ', '-')}-town-and-school-district-shared-services": {
            "Financial management",
            "IT support",
            "Facilities and grounds maintenance",
        }
        for town in SCHOOL_DISTRICT_TOWNS
    },
}

# Citations the reference facts mark verified (their parenthetical notes left out).
VERIFIED_CITATIONS = {
    "CGS § 7-148cc", "CGS § 7-148bb", "CGS § 4-124s", "CGS § 7-339a", "CGS § 12-62q",
    "CGS § 7-136n", "CGS § 7-137", "CGS § 7-277a", "CGS Chapter 105, §§ 7-333 to 7-339",
    "CGS § 8-169j", "CGS § 8-196", "CGS § 7-273aa", "CGS § 7-478a", "CGS § 7-479b",
}  # fmt: skip
# The two seed statutes whose citation could not be verified.
UNVERIFIED_STATUTE_SLUGS = {
    "public-act-governors-bill-on-shared-services",
    "regional-economic-development-tax-sharing",
}
# Guesses the reference facts show to be wrong: they must not appear.
WRONG_CITATIONS = {"CGS § 7-148dd", "CGS § 7-148ee"}

RESOURCE_URLS = {
    "https://icma.org/documents/local-government-management-guide-shared-services-local-government",
    "https://crcogct.gov/shared-services-toolkit",
    "http://www.cga.ct.gov/2011/rpt/2011-R-0097.htm",
    "http://www.cga.ct.gov/2012/rpt/2012-R-0491.htm",
    "http://cga.ct.gov/2008/rpt/2008-R-0533.htm",
}


def _load(*args):
    call_command("load_starter_content", *args, verbosity=0)


@pytest.fixture
def starter():
    _load()


def _content_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
    ]


def _snapshot():
    """Every row of every content table, serialized in primary-key order."""
    return {
        model._meta.label: serializers.serialize("json", model._base_manager.order_by("pk"))
        for model in _content_models()
    }


def _counts():
    return {model._meta.label: model._base_manager.count() for model in _content_models()}


def test_fourteen_service_categories_are_loaded(starter):
    assert set(ServiceCategory.objects.values_list("name", flat=True)) == set(CATEGORY_KINDS)


def test_each_category_has_its_kind(starter):
    kinds = dict(ServiceCategory.objects.values_list("name", "kind"))

    assert kinds == CATEGORY_KINDS


def test_thirty_eight_crcog_members_are_loaded(starter):
    members = PublicBody.objects.filter(is_crcog_member=True)

    assert set(members.values_list("name", flat=True)) == set(MEMBER_COUNTIES)
    assert set(members.values_list("kind", flat=True)) == {BodyKind.MUNICIPALITY}


def test_members_have_their_legacy_county(starter):
    counties = dict(PublicBody.objects.filter(is_crcog_member=True).values_list("name", "county"))

    assert counties == {name: f"{county} County" for name, county in MEMBER_COUNTIES.items()}


def test_ashford_is_loaded_as_a_town_outside_crcog(starter):
    ashford = PublicBody.objects.get(name="Ashford")

    assert ashford.kind == BodyKind.MUNICIPALITY
    assert ashford.is_crcog_member is False


def test_each_school_district_belongs_to_its_town(starter):
    districts = PublicBody.objects.filter(kind=BodyKind.SCHOOL_DISTRICT).select_related("parent")

    assert {district.name: district.parent.name for district in districts} == {
        f"{town} school district": town for town in SCHOOL_DISTRICT_TOWNS
    }


def test_school_districts_are_not_counted_as_members(starter):
    assert not PublicBody.objects.filter(
        kind=BodyKind.SCHOOL_DISTRICT, is_crcog_member=True
    ).exists()


def test_loaded_bodies_pass_validation(starter):
    for body in PublicBody.objects.all():
        body.full_clean()


def test_five_seed_agreements_are_loaded(starter):
    assert set(Agreement.objects.values_list("slug", flat=True)) == set(AGREEMENT_PARTIES)


@pytest.mark.parametrize("slug", sorted(AGREEMENT_PARTIES))
def test_seed_agreement_has_its_parties_and_roles(starter, slug):
    parties = Party.objects.filter(agreement__slug=slug).values_list("body__name", "role")

    assert dict(parties) == AGREEMENT_PARTIES[slug]


@pytest.mark.parametrize("slug", sorted(AGREEMENT_CATEGORIES))
def test_seed_agreement_has_its_service_categories(starter, slug):
    agreement = Agreement.objects.get(slug=slug)

    assert set(agreement.categories.values_list("name", flat=True)) == AGREEMENT_CATEGORIES[slug]


def test_bolton_leads_the_building_inspection_agreement(starter):
    agreement = Agreement.objects.get(slug="bolton-regional-building-inspection")

    assert [body.name for body in agreement.leads] == ["Bolton"]


def test_seed_agreements_are_published(starter):
    assert not Agreement.objects.drafts().exists()


def test_no_documents_are_loaded(starter):
    assert not AgreementDocument.objects.exists()


def test_verified_statutes_carry_their_verified_citations(starter):
    citations = set(Statute.objects.exclude(citation="").values_list("citation", flat=True))

    assert citations == VERIFIED_CITATIONS


def test_unverified_statutes_have_an_empty_citation(starter):
    unverified = Statute.objects.filter(slug__in=UNVERIFIED_STATUTE_SLUGS)

    assert list(unverified.values_list("citation", flat=True)) == ["", ""]


def test_only_the_unverified_statutes_lack_a_citation(starter):
    assert set(Statute.objects.filter(citation="").values_list("slug", flat=True)) == (
        UNVERIFIED_STATUTE_SLUGS
    )


def test_no_statute_carries_a_citation_known_to_be_wrong(starter):
    assert not Statute.objects.filter(citation__in=WRONG_CITATIONS).exists()


def test_no_statute_citation_says_unverified(starter):
    assert not Statute.objects.filter(citation__icontains="verif").exists()


def test_citations_are_in_one_format(starter):
    for citation in Statute.objects.exclude(citation="").values_list("citation", flat=True):
        assert re.fullmatch(r"CGS (§ \d+-\d+[a-z]*|Chapter \d+, §§ [\d\- to]+)", citation), citation


def test_rpip_is_administered_by_opm_under_its_statute(starter):
    rpip = Program.objects.get(acronym="RPIP")

    assert rpip.name == "Regional Performance Incentive Program"
    assert rpip.administering_body.name == "Office of Policy and Management"
    assert list(rpip.statutes.values_list("citation", flat=True)) == ["CGS § 4-124s"]


def test_crpc_is_run_by_crcog(starter):
    crpc = Program.objects.get(acronym="CRPC")

    assert crpc.name == "Capitol Region Purchasing Council"
    assert crpc.administering_body.name == "Capitol Region Council of Governments"


@pytest.mark.parametrize(("name", "acronym"), [("Robyn Nichols", "RPIP"), ("Kim Bona", "CRPC")])
def test_seed_contact_is_linked_to_their_program(starter, name, acronym):
    contact = Contact.objects.get(name=name)

    assert list(contact.programs.values_list("acronym", flat=True)) == [acronym]


@pytest.mark.parametrize("name", ["Robyn Nichols", "Kim Bona"])
def test_seed_contact_has_no_guessed_email_or_phone(starter, name):
    contact = Contact.objects.get(name=name)

    assert (contact.email, contact.phone) == ("", "")


def test_resources_are_loaded_with_their_sources(starter):
    assert set(Resource.objects.values_list("url", flat=True)) == RESOURCE_URLS


def test_new_york_guide_is_credited_to_its_publisher(starter):
    guide = Resource.objects.get(slug="ny-shared-services-guide")

    assert guide.publisher == "Office of the New York State Comptroller"


def test_introduction_page_is_published_with_the_seed_text(starter):
    page = SitePage.objects.get(slug="what-are-shared-services")

    assert page.publication == PublicationStatus.PUBLISHED
    assert page.title == "What are shared services?"
    assert "The Town of Bolton, for instance, manages a regional building inspection" in page.body


def test_state_support_page_names_both_program_contacts(starter):
    body = SitePage.objects.get(slug="state-support").body

    assert "Robyn Nichols" in body
    assert "Kim Bona" in body


def test_all_starter_content_is_published(starter):
    for model in (SitePage, ServiceCategory, PublicBody, Statute, Agreement, Program, Contact):
        assert not model.objects.drafts().exists(), model.__name__


def test_loading_again_adds_no_rows(starter):
    before = _counts()

    _load()

    assert _counts() == before


def test_loading_again_changes_no_row(starter):
    before = _snapshot()

    _load()

    assert _snapshot() == before


def test_loading_again_restores_a_deleted_starter_row(starter):
    ServiceCategory.objects.get(slug="childcare-services").delete()

    _load()

    assert ServiceCategory.objects.filter(slug="childcare-services").exists()


def test_loading_again_keeps_rows_staff_added(starter):
    own = ServiceCategory.objects.create(name="Snow removal", slug="snow-removal", kind=COMMUNITY)

    _load()

    assert ServiceCategory.objects.filter(pk=own.pk, name="Snow removal").exists()


def test_if_empty_loads_into_an_empty_database():
    _load("--if-empty")

    assert ServiceCategory.objects.count() == len(CATEGORY_KINDS)


def test_if_empty_does_nothing_when_content_exists(starter):
    ServiceCategory.objects.filter(slug="animal-control").update(name="Animal services")
    Statute.objects.filter(slug="cgs-7-137").delete()
    before = _snapshot()

    _load("--if-empty")

    assert _snapshot() == before


def test_if_empty_says_why_it_did_nothing(starter, capsys):
    call_command("load_starter_content", "--if-empty")

    assert "Content already present" in capsys.readouterr().out


def test_plain_load_overwrites_staff_edits_to_starter_rows(starter):
    """Documented behaviour: without --if-empty, starter rows are updated in place."""
    ServiceCategory.objects.filter(slug="animal-control").update(name="Animal services")

    _load()

    assert ServiceCategory.objects.get(slug="animal-control").name == "Animal control"
