"""Export → import into an emptied database → export: the same file, but for `last_updated`."""

import csv
import io
import json
from datetime import date

import pytest
import tablib

from agreements.models import Agreement, AgreementStatus, GovernanceForm, PartyRole, SavingsKind
from imports.resources import AgreementResource, PublicBodyResource, SourceResource
from municipalities.models import BodyKind, PublicBody
from sources.models import Source
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_savings_claim,
    make_source,
    make_statute,
)
from tests.imports.conftest import run_import

pytestmark = pytest.mark.django_db


def _content():
    """Agreements with everything an export row holds, in text that is hard to read back."""
    sources = [
        make_source("Towns share an inspector", publisher="Journal Inquirer",
                    published_on=date(2012, 3, 4), accessed_on=date(2024, 1, 2),
                    url="https://news.example.org/inspector?a=1;b=2"),
        make_source('[Minutes, "draft"; page 2]', published_year=2013,
                    note="Archived copy,\nsecond line", url="https://town.example.org/minutes"),
        make_source("Undated page", url="https://town.example.org/page"),
    ]  # fmt: skip
    inspection = make_category("Building inspection", slug="building-inspection")
    health = make_category("Public health", slug="public-health")
    statute = make_statute("CGS § 7-148cc", title="Joint performance")
    bolton = make_body("Bolton", county="Tolland County", planning_region="Capitol",
                       website="https://www.bolton.example.org/")  # fmt: skip
    andover = make_body("Andover")
    make_body("Bolton Board of Education", kind=BodyKind.SCHOOL_DISTRICT, member=False,
              parent=bolton, record_notes='Its "board", as the minutes say; see p. 2.')  # fmt: skip
    district = make_body("Eastern Highlands Health District", member=False,
                         kind=BodyKind.REGIONAL_AUTHORITY)  # fmt: skip
    for body in (bolton, andover, district):
        body.sources.set(sources[:2])
    inspection_agreement = make_agreement(
        "=Bolton; Andover, inspection",
        categories=[inspection],
        parties=[(bolton, PartyRole.LEAD), (andover, PartyRole.RECIPIENT)],
        statutes=[statute],
        start_date=date(2012, 7, 1),
        end_year=2020,
        status=AgreementStatus.EXPIRED,
        governance=GovernanceForm.LEAD_MUNICIPALITY,
        governance_detail="Bolton's inspector, Andover's fee",
        cost_sharing="Andover pays $20,000 a year; Bolton the rest.",
        legal_basis="Interlocal agreement (2012)",
        record_notes="No source gives the end day.\nSecond line, with a comma.",
        summary="- Bolton's inspector serves Andover.\n- Fees: shared.",
    )
    inspection_agreement.sources.set(sources)
    make_savings_claim(inspection_agreement, 7000, year=2012, source=sources[0],
                       stated_by="Joan Lewis, chair of the Bolton Board of Selectmen",
                       description='for Andover; she said it "would be more" <later>')  # fmt: skip
    make_savings_claim(inspection_agreement, "1234.5", year=2013, source=sources[1],
                       period="once", kind=SavingsKind.AUDITED)  # fmt: skip
    health_agreement = make_agreement(
        "Eastern Highlands health district",
        categories=[health, inspection],
        parties=[(district, PartyRole.LEAD), (bolton, PartyRole.RECIPIENT),
                 (andover, PartyRole.RECIPIENT)],
        start_year=1997,
    )  # fmt: skip
    health_agreement.sources.set([sources[2]])
    make_savings_claim(health_agreement, 31000, year=1997, source=sources[2],
                       description="in the first year")  # fmt: skip
    joint = make_agreement(
        "Joint purchasing",
        categories=[inspection],
        parties=[(bolton, PartyRole.PARTNER), (andover, PartyRole.PARTNER)],
        status=AgreementStatus.UNKNOWN,
    )
    joint.sources.set([sources[1]])


def _download(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def _without_last_updated(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index("last_updated")
    return [row[:column] + row[column + 1 :] for row in rows]


def _empty_the_database():
    Agreement.objects.all().delete()
    PublicBody.objects.filter(parent__isnull=False).delete()
    PublicBody.objects.all().delete()
    Source.objects.all().delete()


def _sources_file() -> bytes:
    # Sources have no public export: the import's own resource writes them.
    return SourceResource().export(Source.objects.order_by("pk")).csv.encode()


def _as_xlsx(data: bytes) -> bytes:
    return tablib.Dataset().load(data.decode("utf-8-sig"), format="csv").export("xlsx")


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_imported_into_an_emptied_database_exports_the_same(client, extension):
    _content()
    agreements = _download(client, "/agreements/export.csv")
    bodies = _download(client, "/municipalities/export.csv")
    agreements_json = _download(client, "/agreements/export.json")
    sources = _sources_file()
    convert = _as_xlsx if extension == "xlsx" else (lambda data: data)

    _empty_the_database()
    for resource, data in [
        (SourceResource, sources),
        (PublicBodyResource, bodies.encode()),
        (AgreementResource, agreements.encode()),
    ]:
        report = run_import(resource, convert(data), f"file.{extension}", publish=True)
        assert report.problems == []
        assert report.count("new") == len(report.rows) > 0

    assert _sources_file() == sources
    again = _download(client, "/municipalities/export.csv")
    assert _without_last_updated(again) == _without_last_updated(bodies)
    again = _download(client, "/agreements/export.csv")
    assert _without_last_updated(again) == _without_last_updated(agreements)
    assert again.count("\n") == agreements.count("\n")
    again_json = _download(client, "/agreements/export.json")
    assert _without_json_last_updated(again_json) == _without_json_last_updated(agreements_json)


def _without_json_last_updated(text):
    return [{k: v for k, v in record.items() if k != "last_updated"} for record in json.loads(text)]


def test_importing_an_export_again_changes_nothing(client):
    _content()
    agreements = _download(client, "/agreements/export.csv").encode()
    bodies = _download(client, "/municipalities/export.csv").encode()

    for resource, data in [(PublicBodyResource, bodies), (AgreementResource, agreements)]:
        report = run_import(resource, data)
        assert report.problems == []
        assert report.count("unchanged") == len(report.rows)
