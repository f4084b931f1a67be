"""An official drafts an agreement from an existing one, by keyboard, on a desktop and a phone."""

import io
import re

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS, violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "(() => { const el = document.activeElement; return %s; })()"
FOCUS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow && style.boxShadow !== 'none');
}"""


def tab_to(page, predicate_js, limit=400):
    """Press Tab until the focused element matches; the focus must be visible when it does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED % predicate_js):
            assert page.evaluate(FOCUS_VISIBLE), page.evaluate("document.activeElement.outerHTML")
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def assert_no_axe_violations(page, label):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label}:\n{violations_report(results)}"


def assert_fits_the_width(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


@pytest.mark.parametrize(("label", "viewport"), [("1280", DESKTOP), ("320", PHONE)])
def test_official_drafts_from_an_agreement_by_keyboard(new_page, site, tmp_path, label, viewport):
    page = new_page(viewport=viewport)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{site['url']}/agreements/draft/?from={site['animal'].slug}")

    # Prefilled from the agreement: its service, its parties and its lead.
    expect(page.locator("h1")).to_have_text("Draft an interlocal agreement")
    expect(page.get_by_label("Service", exact=True)).to_have_value("animal-control")
    expect(page.get_by_label("Tolland", exact=True)).to_be_checked()
    expect(page.get_by_label("Vernon", exact=True)).to_be_checked()
    expect(page.get_by_label("Who leads")).to_have_value("tolland")
    assert_fits_the_width(page)
    assert_no_axe_violations(page, f"the form at {label}px")

    # Keyboard only: a typed party, a longer term, fixed shares, then Preview.
    tab_to(page, "el.name === 'other_parties'")
    page.keyboard.type("Hebron Volunteer Fire Company")
    tab_to(page, "el.name === 'term_years'")
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    tab_to(page, "el.name === 'cost_method' && el.checked")
    page.keyboard.press("ArrowDown")  # per use
    page.keyboard.press("ArrowDown")  # fixed shares
    expect(page.locator("#id_cost_method_2")).to_be_checked()
    tab_to(page, "el.name === 'action' && el.value === 'preview'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    preview = page.locator("#result")
    expect(preview.get_by_role("heading", name="Preview of your draft")).to_be_visible()
    expect(preview).to_contain_text("Among Tolland, Vernon and Hebron Volunteer Fire Company")
    expect(preview).to_contain_text("continues for ten (10) years")
    expect(preview).to_contain_text("Hebron Volunteer Fire Company: ____ percent")
    expect(preview).to_contain_text("It is not legal advice")
    expect(preview.locator(".guidance").first).to_be_visible()
    assert page.url.endswith("#result")
    screenshot(page, f"draft-builder-preview-{label}")
    assert_fits_the_width(page)
    assert_no_axe_violations(page, f"the preview at {label}px")

    # The choices are kept: download the same draft as a Word file, still by keyboard.
    tab_to(page, "el.name === 'action' && el.value === 'docx'", limit=600)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "draft-interlocal-agreement-animal-control.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "It is not legal advice" in text.split("1. Parties and purpose", 1)[0]
    for party in ("Tolland", "Vernon", "Hebron Volunteer Fire Company"):
        assert re.search(rf"^{party}$", text, re.MULTILINE), party  # its signature block
    assert "continues for ten (10) years" in text
    assert blocked == [], f"the Content-Security-Policy blocked {blocked}"


def test_an_unknown_agreement_starts_an_empty_form_without_javascript(new_page, site):
    page = new_page(javascript=False, viewport=PHONE)

    response = page.goto(f"{site['url']}/agreements/draft/?from=no-such-agreement")

    assert response.status == 200
    expect(
        page.get_by_text("That agreement is not available; the form starts empty")
    ).to_be_visible()
    page.get_by_role("button", name="Preview the draft").press("Enter")
    expect(page.get_by_role("heading", name="There is a problem with your choices")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("^Service: Choose the service"))
    ).to_be_visible()


def test_a_200_character_name_without_spaces_fits_a_320px_preview(new_page, site):
    page = new_page(viewport=PHONE)
    name = "Hebron" + "W" * 194  # 200 characters, no break opportunity
    page.goto(f"{site['url']}/agreements/draft/?from={site['animal'].slug}")

    page.get_by_label("Other parties, one per line").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Preview the draft").click()

    preview = page.locator("#result")
    expect(preview.get_by_role("heading", name="Preview of your draft")).to_be_visible()
    expect(preview.locator(".signatory-name", has_text=name)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the preview is {width}px wide at 320px"
