import pytest

from agreements.models import PartyRole
from municipalities.models import BodyKind
from services.models import ServiceKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_document,
    make_page,
    make_program,
    make_resource,
    make_statute,
)


@pytest.fixture
def region(db):
    """A small published region with one draft of everything, to prove drafts stay hidden."""
    inspection = make_category("Building inspection", slug="building-inspection")
    waste = make_category("Waste management", slug="waste-management")
    finance = make_category(
        "Financial management", slug="financial-management", kind=ServiceKind.ADMINISTRATIVE
    )
    draft_category = make_category("Secret category", slug="secret-category", published=False)
    bolton = make_body("Bolton")
    andover = make_body("Andover")
    ashford = make_body("Ashford", member=False)
    windsor = make_body("Windsor")
    bloomfield = make_body("Bloomfield")
    mansfield = make_body("Mansfield")
    schools = make_body(
        "Mansfield school district", kind=BodyKind.SCHOOL_DISTRICT, member=False, parent=mansfield
    )
    hidden_town = make_body("Hiddenville", published=False)
    joint = make_statute("CGS § 7-148cc", title="Joint performance of municipal functions")
    draft_statute = make_statute("CGS § 9-999", title="Draft statute", published=False)
    inspection_agreement = make_agreement(
        "Bolton regional building inspection",
        categories=[inspection],
        parties=[bolton, andover, ashford, hidden_town],
        statutes=[joint, draft_statute],
        summary="Bolton inspects decks and additions for its neighbours.",
        start_date="2015-07-01",
    )
    landfill = make_agreement(
        "Windsor and Bloomfield landfill",
        categories=[waste],
        parties=[(windsor, PartyRole.PARTNER), (bloomfield, PartyRole.PARTNER)],
        summary="A transfer station shared for many years.",
        start_date="1990-01-01",
    )
    schools_agreement = make_agreement(
        "Mansfield town and schools",
        categories=[finance, draft_category],
        parties=[(mansfield, PartyRole.PARTNER), (schools, PartyRole.PARTNER)],
        start_date="2020-03-01",
    )
    draft = make_agreement(
        "Secret draft agreement",
        categories=[inspection],
        parties=[bolton, windsor],
        statutes=[joint],
        summary="Zanzibar is a word only drafts use.",
        published=False,
    )
    document = make_document(inspection_agreement, filename="bolton-agreement.pdf")
    draft_document = make_document(draft, filename="secret.pdf")
    rpip = make_program("Regional Performance Incentive Program", acronym="RPIP")
    make_contact("Robyn Nichols", programs=[rpip])
    make_contact(
        "Reachable Person", programs=[rpip], email="person@example.org", phone="860-555-0100"
    )
    make_contact("Draft Contact", programs=[rpip], published=False)
    make_program("Draft program", published=False)
    make_resource("Shared services guide")
    make_resource("Draft resource", published=False)
    make_page(
        "What are shared services?", slug="what-are-shared-services", body="Pooling *resources*."
    )
    return {
        "inspection": inspection, "waste": waste, "finance": finance,
        "draft_category": draft_category, "bolton": bolton, "andover": andover,
        "ashford": ashford, "windsor": windsor, "bloomfield": bloomfield, "mansfield": mansfield,
        "schools": schools, "hidden_town": hidden_town, "joint": joint,
        "draft_statute": draft_statute, "inspection_agreement": inspection_agreement,
        "landfill": landfill, "schools_agreement": schools_agreement, "draft": draft,
        "document": document, "draft_document": draft_document, "rpip": rpip,
    }  # fmt: skip
