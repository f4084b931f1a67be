"""The starter content (fixtures/starter/*.csv and fixtures/starter.json) loads the verified
facts, once, on any database.

The expected values come from /work/shared/seed/shared-services-page.txt (CRCOG's page) and the
verified reference files in /work/shared/reference/, copied here so the suite stands alone: a
test that read them back from the loaded data could not catch a loader that drops a row.
"""

import re
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db.models import Count, Q

from agreements.models import Agreement, AgreementDocument, Party, SavingsClaim
from contacts.models import Contact, Program, Resource
from municipalities.models import BodyKind, Membership, PublicBody
from portal.models import PublicationStatus, SitePage
from services.models import ServiceCategory, ServiceKind
from sources.models import Source
from statutes.models import OFFICIAL_TEXT_PATTERN, Statute

pytestmark = pytest.mark.django_db

CONTENT_APPS = {
    "portal", "services", "municipalities", "statutes", "agreements", "contacts", "sources",
}  # fmt: skip

ADMINISTRATIVE = ServiceKind.ADMINISTRATIVE
COMMUNITY = ServiceKind.COMMUNITY
# The seed page's fourteen, as it places them.
SEED_CATEGORY_KINDS = {
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
# Added for arrangements the seed's list does not cover.
NEW_CATEGORY_KINDS = {
    "Police": COMMUNITY,
    "Emergency medical services": COMMUNITY,
    "Emergency management": COMMUNITY,
    "Probate courts": COMMUNITY,
    "Transit and paratransit": COMMUNITY,
    "Senior and social services": COMMUNITY,
    "Cooperative purchasing": ADMINISTRATIVE,
    "Property assessment": ADMINISTRATIVE,
    "Elections administration": ADMINISTRATIVE,
}
CATEGORY_KINDS = SEED_CATEGORY_KINDS | NEW_CATEGORY_KINDS

# Published agreements per category, counted from ct_shared_arrangements.json as mapped.
AGREEMENTS_PER_CATEGORY = {
    "animal-control": 3, "building-inspection": 2, "dispatch-services": 3,
    "economic-development": 1, "elections": 1, "emergency-management": 1,
    "emergency-medical-services": 1, "facilities-and-grounds-maintenance": 3,
    "financial-management": 3, "fire-prevention": 1, "human-resources": 1, "it-support": 3,
    "k-12-education": 5, "police": 6, "probate": 5, "property-assessment": 1,
    "public-health": 7, "purchasing": 4, "senior-and-social-services": 1, "transit": 1,
    "waste-management": 3, "water-and-wastewater-services": 5, "childcare-services": 0,
}  # fmt: skip

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

# Towns outside CRCOG that take part in the arrangements.
NON_MEMBER_TOWNS = {
    "Ashford", "Union", "Burlington", "East Hampton", "Cromwell", "Middletown", "Barkhamsted",
    "Colebrook", "Hartland", "New Hartford", "Windham", "Chaplin", "Scotland", "Colchester",
    "East Haddam", "Portland", "Haddam", "Middlefield", "Bristol",
}  # fmt: skip

SCHOOL_DISTRICT_TOWNS = {"Mansfield", "Plainville", "West Hartford"}

# The seed page's five examples keep their slugs and gain the reference file's parties.
SEED_AGREEMENT_PARTIES = {
    "bolton-regional-building-inspection": {
        "Bolton": "lead", "Andover": "recipient", "Ashford": "recipient",
        "Willington": "recipient",
    },
    "windsor-bloomfield-landfill-and-transfer-station": {
        "Windsor": "lead", "Bloomfield": "partner",
    },
    **{
        f"{town.lower().replace(' ', '-')}-town-and-school-district-shared-services": {
            town: "lead", f"{town} Board of Education": "partner",
        }
        for town in sorted(SCHOOL_DISTRICT_TOWNS)
    },
}  # fmt: skip
SEED_AGREEMENT_CATEGORIES = {
    "bolton-regional-building-inspection": {"Building inspection"},
    "windsor-bloomfield-landfill-and-transfer-station": {"Waste management"},
    "mansfield-town-and-school-district-shared-services": {"Financial management"},
    "plainville-town-and-school-district-shared-services": {"Financial management"},
    "west-hartford-town-and-school-district-shared-services": {
        "Financial management", "Human resources",
    },
}  # fmt: skip

# Citations the reference files show to be right (their parenthetical notes left out).
VERIFIED_CITATIONS = {
    "CGS § 7-148cc", "CGS § 7-148bb", "CGS § 7-148kk", "CGS § 4-124s", "CGS § 7-339a",
    "CGS § 7-339c", "CGS § 7-339g", "CGS § 12-62q", "CGS § 7-136n", "CGS § 7-137",
    "CGS § 7-277a", "CGS Chapter 105, §§ 7-333 to 7-339", "CGS § 8-169j", "CGS § 8-196",
    "CGS § 7-273aa", "CGS § 7-478a", "CGS § 7-479b", "CGS § 7-148mm", "CGS § 19a-241",
    "CGS § 10-158a",
}  # fmt: skip
# Chapters the reference files confirm, by citation; only these statutes link.
VERIFIED_CHAPTERS = {
    "CGS § 7-148cc": "098", "CGS § 7-148bb": "098", "CGS § 4-124s": "050",
    "CGS § 7-339a": "105", "CGS § 7-339c": "105", "CGS § 7-339g": "105", "CGS § 7-136n": "097",
    "CGS § 7-277a": "104", "CGS Chapter 105, §§ 7-333 to 7-339": "105", "CGS § 8-169j": "130",
    "CGS § 8-196": "132", "CGS § 7-273aa": "103b", "CGS § 7-478a": "113",
    "CGS § 7-479b": "113a", "CGS § 7-148mm": "098", "CGS § 19a-241": "368f",
    "CGS § 10-158a": "166",
}  # fmt: skip
# The one seed statute CRCOG's page names without a citation anyone could verify.
UNVERIFIED_STATUTE_SLUGS = {"public-act-governors-bill-on-shared-services"}
# Guesses the reference facts show to be wrong: they must not appear.
WRONG_CITATIONS = {"CGS § 7-148dd", "CGS § 7-148ee"}

# The only ways to reach a contact that the reference files give.
VERIFIED_CONTACT_DETAILS = {
    "Robyn Nichols": ("", ""),
    "Kim Bona": ("", ""),
    "Rebecca Augur": ("Rebecca.Augur@ct.gov", "860-418-6343"),
}

RESOURCE_URLS = {
    "https://icma.org/documents/local-government-management-guide-shared-services-local-government",
    "https://crcogct.gov/shared-services-toolkit",
    "http://www.cga.ct.gov/2011/rpt/2011-R-0097.htm",
    "http://www.cga.ct.gov/2012/rpt/2012-R-0491.htm",
    "http://cga.ct.gov/2008/rpt/2008-R-0533.htm",
    "https://portal.ct.gov/OPM/IGPP/ORG/Advisory-Commission-on-Intergovernmental-Relations/Cooperative-Ventures-by-Local-Governments-in-Connecticut-(1996)",
    "https://ccm-ct.org/innovativeideas2015",
    "https://www.ccm-ct.org/regionalreport2",
    "https://mrsc.org/explore-topics/government-organization/interlocal/interlocal-cooperation-basics",
    "https://nj.gov/dca/dlgs/sharedservices.shtml",
    "http://njslom.org/418/Interlocal-Advisory-Center",
    "http://www.ct.gov/opm/cwp/view.asp?a=2990&q=452024",
    "http://cga.ct.gov/2009/rpt/2009-R-0233.htm",
    "http://www.cga.ct.gov/2006/rpt/2006-R-0616.htm",
}

# (body, member) pairs of the reference file, a sample from each kind of regional body.
MEMBERSHIPS = {
    ("Farmington Valley Health District", "Avon"),
    ("Farmington Valley Health District", "New Hartford"),
    ("North Central District Health Department", "Vernon"),
    ("Eastern Highlands Health District", "Chaplin"),
    ("The Metropolitan District (MDC)", "Hartford"),
    ("Mattabassett District", "Middletown"),
    ("Regional School District 19 (E.O. Smith High School)", "Willington"),
    ("Chatham Health District", "Haddam"),
    ("Greater Hartford Transit District", "Windsor"),
    ("Central Connecticut Solid Waste Authority", "Tolland"),
    ("North Central Connecticut Probate District", "Union"),
}
NUMBER_OF_ARRANGEMENTS = 55


def _load(*args):
    call_command("load_starter_content", *args, verbosity=0)


@pytest.fixture(scope="module")
def _starter_content(django_db_setup, django_db_blocker):
    """Loaded once for the module (each test still runs in a transaction that is rolled back),
    and removed afterwards so that other modules start from an empty database."""
    with django_db_blocker.unblock():
        _load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def starter(_starter_content, db):
    """The starter content, as loaded into an empty database."""


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


def test_the_seeds_fourteen_categories_and_the_added_ones_are_loaded(starter):
    assert set(ServiceCategory.objects.values_list("name", flat=True)) == set(CATEGORY_KINDS)


def test_each_added_category_says_why_it_has_its_kind(starter):
    for category in ServiceCategory.objects.filter(name__in=NEW_CATEGORY_KINDS):
        assert "Not on CRCOG's list of examples" in category.description, category.name


def test_each_category_has_its_kind(starter):
    kinds = dict(ServiceCategory.objects.values_list("name", "kind"))

    assert kinds == CATEGORY_KINDS


def test_thirty_eight_crcog_members_are_loaded(starter):
    members = PublicBody.objects.filter(is_cog_member=True)

    assert set(members.values_list("name", flat=True)) == set(MEMBER_COUNTIES)
    assert set(members.values_list("kind", flat=True)) == {BodyKind.MUNICIPALITY}


def test_members_have_their_legacy_county(starter):
    counties = dict(PublicBody.objects.filter(is_cog_member=True).values_list("name", "county"))

    assert counties == {name: f"{county} County" for name, county in MEMBER_COUNTIES.items()}


@pytest.mark.parametrize("name", sorted(NON_MEMBER_TOWNS))
def test_towns_outside_crcog_are_ordinary_bodies_marked_not_members(starter, name):
    town = PublicBody.objects.get(name=name)

    assert town.kind == BodyKind.MUNICIPALITY
    assert town.is_cog_member is False


def test_each_school_district_belongs_to_its_town(starter):
    districts = PublicBody.objects.filter(kind=BodyKind.SCHOOL_DISTRICT).select_related("parent")

    towns = {district.name: district.parent.name for district in districts}
    for town in SCHOOL_DISTRICT_TOWNS:
        assert towns[f"{town} Board of Education"] == town


def test_school_districts_are_not_counted_as_members(starter):
    assert not PublicBody.objects.filter(kind=BodyKind.SCHOOL_DISTRICT, is_cog_member=True).exists()


def test_loaded_bodies_pass_validation(starter):
    for body in PublicBody.objects.all():
        body.full_clean()


def test_all_fifty_five_arrangements_are_loaded_with_the_seed_examples_among_them(starter):
    slugs = set(Agreement.objects.values_list("slug", flat=True))

    assert len(slugs) == NUMBER_OF_ARRANGEMENTS
    assert set(SEED_AGREEMENT_PARTIES) <= slugs


@pytest.mark.parametrize("slug", sorted(SEED_AGREEMENT_PARTIES))
def test_seed_agreement_has_its_parties_and_roles(starter, slug):
    parties = Party.objects.filter(agreement__slug=slug).values_list("body__name", "role")

    assert dict(parties) == SEED_AGREEMENT_PARTIES[slug]


@pytest.mark.parametrize("slug", sorted(SEED_AGREEMENT_CATEGORIES))
def test_seed_agreement_has_its_service_categories(starter, slug):
    agreement = Agreement.objects.get(slug=slug)
    names = set(agreement.categories.values_list("name", flat=True))

    assert names == SEED_AGREEMENT_CATEGORIES[slug]


def test_agreements_per_category_match_the_data(starter):
    counts = dict(
        ServiceCategory.objects.published()
        .annotate(n=Count("agreements", filter=Q(agreements__publication="published")))
        .values_list("slug", "n")
    )

    assert counts == AGREEMENTS_PER_CATEGORY


def test_at_most_two_categories_have_no_agreement(starter):
    empty = ServiceCategory.objects.published().filter(agreements__isnull=True)

    assert list(empty.values_list("slug", flat=True)) == ["childcare-services"]


def test_the_category_pages_show_the_same_counts(client, starter):
    kinds = client.get("/services/").context["kinds"]
    shown = {c.slug: c.agreement_count for _, _, categories in kinds for c in categories}

    assert shown == AGREEMENTS_PER_CATEGORY


def test_every_published_agreement_cites_a_web_source(starter):
    for agreement in Agreement.objects.published().prefetch_related("sources"):
        urls = [source.url for source in agreement.sources.all()]
        assert urls, agreement.slug
        assert all(urlparse(url).scheme in {"http", "https"} for url in urls), agreement.slug


def test_every_published_item_cites_a_source(starter):
    for model in (Agreement, PublicBody, Statute, Program, Contact, SitePage):
        uncited = model.objects.published().filter(sources__isnull=True)
        assert not uncited.exists(), (model.__name__, list(uncited[:5]))


def test_every_source_has_a_title_and_a_web_address(starter):
    for source in Source.objects.all():
        assert source.title.strip(), source.url
        assert urlparse(source.url).scheme in {"http", "https"}, source.url


def test_memberships_of_the_reference_file_are_loaded(starter):
    loaded = set(Membership.objects.values_list("body__name", "member__name"))

    assert loaded >= MEMBERSHIPS


def test_a_former_member_keeps_the_years_it_belonged(starter):
    haddam = Membership.objects.get(body__slug="chatham-health-district", member__slug="haddam")

    assert (haddam.joined_year, haddam.left_year) == (2008, 2016)


def test_a_districts_current_members_are_parties_to_its_agreement(starter):
    """One fact, two records: the members of a district that leads an agreement take part in it."""
    for agreement in Agreement.objects.prefetch_related("parties"):
        bodies = {party.body_id for party in agreement.parties.all()}
        for lead in agreement.parties.filter(role="lead"):
            members = Membership.objects.filter(body=lead.body_id, left_year__isnull=True)
            missing = members.exclude(member__in=bodies).values_list("member__name", flat=True)
            assert not missing, (agreement.slug, list(missing))


def test_membership_shows_on_the_district_page_and_on_the_town_page(client, starter):
    district = client.get("/municipalities/farmington-valley-health-district/").content.decode()
    town = client.get("/municipalities/avon/").content.decode()

    assert '<a href="/municipalities/avon/">Avon</a>' in district
    assert "<dt>Member of</dt>" in town
    assert "Farmington Valley Health District" in town


def test_savings_claims_have_a_year_a_kind_and_a_source(starter):
    claims = SavingsClaim.objects.select_related("source")

    assert claims.count() == 3
    for claim in claims:
        assert claim.amount >= 0
        assert claim.year and claim.kind and claim.source.url
        assert claim.source in claim.agreement.sources.all()


def test_every_agreement_page_shows_its_sources_and_no_invented_gap_filler(client, starter):
    for slug in Agreement.objects.values_list("slug", flat=True):
        html = client.get(f"/agreements/{slug}/").content.decode()
        assert 'id="sources-heading"' in html, slug
        assert "No source is cited" not in html, slug


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

    assert list(unverified.values_list("citation", flat=True)) == [""]


def test_the_seeds_tax_sharing_line_is_section_7_148kk(starter):
    statute = Statute.objects.get(slug="regional-economic-development-tax-sharing")

    assert statute.citation == "CGS § 7-148kk"
    assert statute.official_url == ""


def test_every_statute_with_a_verified_chapter_links_to_its_official_text(starter):
    for statute in Statute.objects.all():
        if statute.citation in VERIFIED_CHAPTERS:
            chapter = VERIFIED_CHAPTERS[statute.citation]
            assert OFFICIAL_TEXT_PATTERN.match(statute.official_url), statute.citation
            assert f"/chap_{chapter}.htm#sec_{statute.section}" in statute.official_url
        else:
            assert statute.official_url == "", statute.citation


def test_no_statute_page_says_its_link_is_not_yet_recorded(client, starter):
    for statute in Statute.objects.all():
        html = client.get(statute.get_absolute_url()).content.decode()
        assert "Link not yet recorded" not in html, statute
        assert ("Read the official text" in html) == bool(statute.official_url), statute


def test_the_2011_change_is_explained_on_7_148cc_and_the_interlocal_sections(starter):
    for slug in ("cgs-7-148cc", "cgs-7-339a", "cgs-7-339c"):
        summary = Statute.objects.get(slug=slug).summary
        assert "2011" in summary and "11-99" in summary, slug
    assert "no longer required" in Statute.objects.get(slug="cgs-7-148cc").summary


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
        assert re.fullmatch(r"CGS (§ \d+[a-z]?-\d+[a-z]*|Chapter \d+, §§ [\d\- to]+)", citation), (
            citation
        )


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


def test_no_contact_has_an_email_or_phone_the_reference_files_do_not_give(starter):
    details = {c.name: (c.email, c.phone) for c in Contact.objects.all()}

    assert details == VERIFIED_CONTACT_DETAILS


def test_a_contact_with_no_verified_way_to_reach_them_points_to_the_organisation(starter):
    for contact in Contact.objects.filter(email="", phone=""):
        assert contact.organization_url == "https://crcog.org/", contact.name


def test_crpc_gives_both_member_counts_with_their_dates(starter):
    description = Program.objects.get(acronym="CRPC").description

    assert "more than 130" in description and "September 21, 2023" in description
    assert "more than 140" in description and "undated" in description
    assert "1969" in description


def test_rpip_lists_who_may_apply_and_crcogs_awards(starter):
    rpip = Program.objects.get(acronym="RPIP")

    assert "regional educational service centers" in rpip.eligibility
    assert "$200,000" in rpip.description and "nearly $5.2 million" in rpip.description


def test_resources_are_loaded_with_their_sources(starter):
    assert set(Resource.objects.values_list("url", flat=True)) == RESOURCE_URLS


def test_new_york_guide_is_credited_to_its_publisher_and_year(starter):
    guide = Resource.objects.get(slug="ny-shared-services-guide")

    assert guide.publisher.startswith("Office of the New York State Comptroller")
    assert guide.year == 2009


def test_every_guide_names_its_publisher(starter):
    assert not Resource.objects.filter(publisher="").exists()


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
    for model in (SitePage, ServiceCategory, PublicBody, Statute, Agreement, Program, Contact,
                  Resource):  # fmt: skip
        assert not model.objects.drafts().exists(), model.__name__


def test_loading_again_saves_nothing(starter, capsys):
    call_command("load_starter_content")

    assert "rows added or changed: 0 sources, 0 bodies, 0 memberships, 0 agreements, 0 savings" in (
        capsys.readouterr().out
    )


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
