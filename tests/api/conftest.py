import pytest

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_document,
    make_program,
    make_savings_claim,
    make_source,
    make_statute,
)

# In every draft's name or text: no API response may contain it.
SECRET = "Zanzibarcompact"


@pytest.fixture
def content(db):
    """Published content of every kind, each next to drafts that must never show, even nested."""
    source = make_source(url="https://news.example.org/bolton-inspection")
    bolton = make_body("Bolton", slug="bolton")
    andover = make_body("Andover", slug="andover")
    district = make_body(
        "Health district", slug="health-district", kind=BodyKind.REGIONAL_AUTHORITY, member=False
    )
    hidden = make_body(f"{SECRET} town", slug="hidden-town", published=False)
    school = make_body("Bolton schools", kind=BodyKind.SCHOOL_DISTRICT, parent=bolton)
    make_body("Orphan schools", kind=BodyKind.SCHOOL_DISTRICT, parent=hidden)
    inspection = make_category("Building inspection", slug="building-inspection")
    draft_category = make_category(f"{SECRET} category", slug="hidden-category", published=False)
    statute = make_statute("CGS § 7-148cc", slug="cgs-7-148cc")
    draft_statute = make_statute(
        "CGS § 9-999", title=SECRET, slug="hidden-statute", published=False
    )
    statute.categories.set([inspection, draft_category])
    agreement = make_agreement(
        "Bolton regional building inspection",
        slug="bolton-inspection",
        categories=[inspection, draft_category],
        parties=[(bolton, PartyRole.LEAD), (andover, PartyRole.RECIPIENT),
                 (hidden, PartyRole.RECIPIENT)],
        statutes=[statute, draft_statute],
        start_year=2010,
        summary="Inspectors cross town lines.",
    )  # fmt: skip
    agreement.sources.add(source)
    make_savings_claim(agreement, source=source, stated_by="the first selectman")
    make_document(agreement, title="Signed agreement")
    make_agreement(
        "Health district membership", slug="health-membership", categories=[inspection],
        parties=[(district, PartyRole.PARTNER), (andover, PartyRole.PARTNER)],
        status=AgreementStatus.UNKNOWN, governance="joint_board",
    )  # fmt: skip
    make_agreement(
        f"{SECRET} draft agreement", slug="hidden-agreement", categories=[inspection],
        parties=[bolton], summary=SECRET, published=False,
    )  # fmt: skip
    program = make_program("Regional Performance Incentive Program", acronym="RPIP", slug="rpip",
                           administering_body=hidden)  # fmt: skip
    program.statutes.set([statute, draft_statute])
    make_contact("Pat Planner", programs=[program], email="pat@example.org")
    make_contact(f"{SECRET} person", programs=[program], published=False)
    make_program(f"{SECRET} program", slug="hidden-program", published=False)
    return {
        "agreement": agreement, "bolton": bolton, "school": school, "program": program,
        "statute": statute, "inspection": inspection,
    }  # fmt: skip
