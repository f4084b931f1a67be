"""End-to-end tests: the portal served by pytest-django's live server, driven by Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from agreements.models import Agreement, AgreementStatus, DocumentKind, PartyRole
from municipalities.models import PublicBody
from services.models import ServiceCategory
from statutes.models import Statute
from tests.conftest import CHROMIUM
from tests.factories import docx_bytes, make_agreement, make_document, pdf_bytes

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    between browser steps (and the database flush after each) are still plain synchronous
    calls. Session-wide so it outlives every test's teardown; subprocesses must drop it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, tmp_path):
    """Open pages in fresh browser contexts; `new_page(javascript=False, viewport=PHONE)`."""
    contexts = []

    def open_page(*, javascript=True, viewport=DESKTOP):
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, accept_downloads=True
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


TEST_PDF = pdf_bytes("Test document: Bolton building inspection (not a real agreement)")
TEST_DOCX = docx_bytes("Test template: shared animal control (not a real agreement)")


@pytest.fixture
def site(live_server, transactional_db, settings, tmp_path):
    """The starter content plus test agreements that carry real small PDF and DOCX files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_starter_content", verbosity=0)
    bolton = Agreement.objects.get(slug="bolton-regional-building-inspection")
    bolton.statutes.add(Statute.objects.get(slug="cgs-7-148cc"))
    pdf = make_document(
        bolton, filename="bolton-building-inspection-test.pdf", content=TEST_PDF,
        title="Test copy of the inspection agreement",
    )  # fmt: skip
    animal = make_agreement(
        "Test: Tolland and Vernon shared animal control",
        categories=[ServiceCategory.objects.get(slug="animal-control")],
        parties=[
            (PublicBody.objects.get(slug="tolland"), PartyRole.LEAD),
            (PublicBody.objects.get(slug="vernon"), PartyRole.RECIPIENT),
        ],
        summary="A **test** agreement used by the browser tests; not a real arrangement.",
        start_date="2019-07-01",
        status=AgreementStatus.PROPOSED,
    )
    docx = make_document(
        animal, filename="animal-control-template.docx", content=TEST_DOCX,
        title="Test template", kind=DocumentKind.TEMPLATE,
    )  # fmt: skip
    return {"url": live_server.url, "bolton": bolton, "animal": animal, "pdf": pdf, "docx": docx}


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
