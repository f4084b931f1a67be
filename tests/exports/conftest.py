import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from agreements.models import AgreementStatus, PartyRole
from municipalities.models import BodyKind
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_document,
    make_statute,
)

BOM = "\ufeff"


def download(client, url):
    """The export's response and its whole text, read from the stream."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_records(client, url):
    """The rows of a CSV export as dicts (header row and byte order mark checked)."""
    _, text = download(client, url)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


def json_records(client, url):
    _, text = download(client, url)
    return json.loads(text)


def listed_titles(client, path, query=""):
    """Every title a paginated list shows for `query`, page after page."""
    titles, page = [], 1
    while True:
        separator = "&" if query else ""
        response = client.get(path, QUERY_STRING=f"{query}{separator}page={page}")
        assert response.status_code == 200, (path, query)
        titles += [str(item) for item in response.context["object_list"]]
        if not response.context["page_obj"].has_next():
            return titles
        page += 1


@pytest.fixture
def library(db):
    """Twenty-five published agreements (two pages of the library) and one of every draft."""
    inspection = make_category("Building inspection", slug="building-inspection")
    waste = make_category("Waste management", slug="waste-management")
    draft_category = make_category("Secret category", slug="secret-category", published=False)
    bolton = make_body("Bolton")
    andover = make_body("Andover")
    windsor = make_body("Windsor")
    district = make_body("Health district", kind=BodyKind.REGIONAL_AUTHORITY, member=False)
    hidden_town = make_body("Hiddenville", published=False)
    joint = make_statute("CGS § 7-148cc", title="Joint performance of municipal functions")
    draft_statute = make_statute("CGS § 9-999", title="Secret statute", published=False)
    statuses = [AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.UNKNOWN]
    agreements = []
    for number in range(25):
        lead, other = (bolton, andover) if number % 2 else (windsor, district)
        agreements.append(
            make_agreement(
                f"{'Inspection' if number % 3 else 'Landfill'} agreement {number:02d}",
                categories=[inspection if number % 3 else waste],
                parties=[(lead, PartyRole.LEAD), (other, PartyRole.RECIPIENT)],
                statutes=[joint] if number % 4 == 0 else [],
                status=statuses[number % 3],
                # Some share a year and some have none: ties and unknown starts sort too.
                start_year=None if number % 5 == 0 else 1990 + number % 7,
                summary="Inspectors cross town lines." if number % 3 else "Trash goes to Windsor.",
            )
        )
    secret = make_agreement(
        "Secret draft agreement",
        categories=[inspection],
        parties=[bolton],
        summary="Inspection that only a draft mentions.",
        published=False,
    )
    with_drafts = make_agreement(
        "Bolton inspection with draft partners",
        categories=[inspection, draft_category],
        parties=[(bolton, PartyRole.LEAD), (hidden_town, PartyRole.RECIPIENT)],
        statutes=[joint, draft_statute],
        start_year=2020,
    )
    make_document(with_drafts, filename="signed.pdf")
    make_document(secret, filename="secret.pdf")
    return {
        "agreements": agreements, "secret": secret, "with_drafts": with_drafts,
        "bolton": bolton, "hidden_town": hidden_town, "draft_category": draft_category,
        "draft_statute": draft_statute, "joint": joint,
    }  # fmt: skip
