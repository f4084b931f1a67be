import pytest
from django.conf import settings

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from tests.factories import make_agreement, make_body, make_category, make_membership

CAPITOL, TOLLAND = "Capitol", "Tolland County"


def make_town(name, region="", county="", **fields):
    return make_body(name, planning_region=region, county=county, **fields)


def make_district(name, *members, **fields):
    """A regional body with no place of its own (as most are recorded), and its members."""
    district = make_body(name, kind=BodyKind.REGIONAL_AUTHORITY, member=False, **fields)
    for member in members:
        make_membership(district, member)
    return district


@pytest.fixture
def region(db):
    """Andover looks for health partners: near and far towns, a district, one draft of each kind."""
    health = make_category("Public health", slug="public-health")
    towns = {
        "andover": make_town("Andover", CAPITOL, TOLLAND),
        "bolton": make_town("Bolton", CAPITOL, TOLLAND, website="https://bolton.example.gov/"),
        "avon": make_town("Avon", CAPITOL, "Hartford County"),
        "union": make_town("Union", "Northeastern", TOLLAND, member=False),
        "stafford": make_town("Stafford", "", TOLLAND),
        "lyme": make_town("Lyme", "Southeastern", "New London County", member=False),
        "nowhere": make_town("Nowhere"),
        "coventry": make_town("Coventry", CAPITOL, TOLLAND),
        "hiddenville": make_town("Hiddenville", CAPITOL, TOLLAND, published=False),
    }
    district = make_district(
        "Eastern Highlands Health District", towns["andover"], towns["coventry"]
    )
    # A district whose only published member is far away: it ranks with its member.
    far_district = make_district("Shoreline Health District", towns["lyme"])
    make_membership(far_district, towns["hiddenville"])
    schools = make_body(
        "Avon school district", kind=BodyKind.SCHOOL_DISTRICT, member=False, parent=towns["avon"]
    )
    make_agreement(
        "Eastern Highlands health services",
        categories=[health],
        parties=[district, (towns["andover"], PartyRole.RECIPIENT)],
        governance="regional_entity",
    )
    make_agreement("Shoreline health", categories=[health], parties=[far_district])
    make_agreement(
        "Andover and Bolton nurse",
        categories=[health],
        parties=[(towns["andover"], PartyRole.PARTNER), (towns["bolton"], PartyRole.PARTNER)],
    )
    make_agreement(
        "Ended Union clinic",
        categories=[health],
        parties=[towns["union"], towns["andover"]],
        status=AgreementStatus.ENDED,
    )
    make_agreement("Stafford and Nowhere clinic", categories=[health],
                   parties=[towns["stafford"], towns["nowhere"], schools])  # fmt: skip
    make_agreement(
        "Secret draft clinic", categories=[health], parties=[towns["avon"]], published=False
    )
    make_agreement(
        "Bolton clinic with a draft town",
        categories=[health],
        parties=[towns["hiddenville"], towns["bolton"]],
    )
    council = make_body(
        settings.COG_NAME, slug="crcog", kind=BodyKind.COG, member=False,
        planning_region=CAPITOL, website="https://crcog.example.org/",
    )  # fmt: skip
    return {
        "health": health, "district": district, "far_district": far_district,
        "schools": schools, "council": council, **towns,
    }  # fmt: skip
