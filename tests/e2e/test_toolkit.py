"""The official's toolkit in a real browser: comparing agreements, and the library on a phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS, violations_report
from tests.e2e.test_journeys import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDFILL = "Windsor and Bloomfield landfill and Windsor transfer station"
BOLTON = "Bolton regional building inspection program"
ANIMAL = "Test: Tolland and Vernon shared animal control"


def assert_axe_clean(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, violations_report(results)


def focused(page, js):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "320"])
def test_official_compares_agreements_with_the_keyboard_only(new_page, site, viewport):
    page = new_page(viewport=viewport)
    page.goto(
        site["url"]
        + "/agreements/?category=building-inspection&category=waste-management&sort=title"
    )
    # Past the filters: on a wide screen through the skip link, on a phone they are folded.
    if viewport is DESKTOP:
        tab_to(page, "el.textContent.startsWith('Skip to the')", limit=200)
        page.keyboard.press("Enter")
    for title in (BOLTON, LANDFILL):
        slug = Agreement.objects.get(title=title).slug
        tab_to(page, f"el.type === 'checkbox' && el.value === '{slug}'", limit=200)
        page.keyboard.press("Space")
        assert focused(page, "el.checked")
    assert "compare" not in page.url  # ticking a box to compare does not leave the library
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Compare selected'")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Compare agreements")
    assert re.search(r"/agreements/compare/\?a=[-\w]+&a=[-\w]+$", page.url)
    if viewport is DESKTOP:
        table = page.get_by_role("table")
        expect(table).to_be_visible()
        expect(page.locator(".compare-cards")).to_be_hidden()
        headers = table.get_by_role("columnheader").all_inner_texts()
        assert [h.split("\n")[0] for h in headers] == [BOLTON, LANDFILL]
        expect(table.get_by_role("rowheader", name="Cost sharing")).to_be_visible()
    else:
        expect(page.locator(".compare-table")).to_be_hidden()
        cards = page.locator(".compare-cards > li")
        expect(cards).to_have_count(2)
        expect(cards.first.get_by_role("heading")).to_have_text(BOLTON)
        expect(cards.nth(1).locator("dt", has_text="Cost sharing")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_axe_clean(page)
    shared_url = page.url

    # From an agreement's page: "Add to comparison" adds a third.
    page.goto(site["url"] + site["animal"].get_absolute_url())
    tab_to(page, "el.textContent.trim() === 'Add to comparison'")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Compare agreements")
    expect(page.get_by_role("link", name=ANIMAL, exact=True).first).to_be_attached()
    assert page.url.startswith(shared_url + "&a=")
    screenshot(page, f"compare-{viewport['width']}")

    # Removing one is a plain link.
    tab_to(page, f"el.textContent.trim() === 'Remove {LANDFILL} from the comparison'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=LANDFILL, exact=True)).to_have_count(0)
    assert_axe_clean(page)


def test_without_javascript_compare_from_library_and_agreement_page(new_page, site):
    page = new_page(javascript=False, viewport=PHONE)
    page.goto(site["url"] + "/agreements/?category=building-inspection")
    page.get_by_label(f"Compare {BOLTON}").check()
    page.get_by_role("button", name="Compare selected").first.click()
    expect(page.locator(".compare-cards > li")).to_have_count(1)
    expect(page.get_by_text("Add at least one more agreement to compare")).to_be_visible()

    page.goto(site["url"] + site["animal"].get_absolute_url())
    page.get_by_role("link", name="Add to comparison").click()
    expect(page.locator(".compare-cards > li")).to_have_count(2)

    # Back in the library, the two stay chosen across pages and filters.
    page.goto(site["url"] + "/agreements/?category=waste-management")
    page.get_by_label(f"Compare {LANDFILL}").check()
    page.get_by_role("button", name="Compare selected").first.click()
    expect(page.locator(".compare-cards > li")).to_have_count(3)
    expect(page.locator(".compare-cards h2")).to_have_text([BOLTON, ANIMAL, LANDFILL])


def test_on_a_phone_the_filters_fold_and_results_come_first(new_page, site):
    page = new_page(viewport=PHONE)
    page.goto(site["url"] + "/agreements/?category=building-inspection&municipality=bolton")
    summary = page.locator("#filter-panel > summary")
    expect(summary).to_have_text("Filter (2 active)")
    expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
    first = page.locator(".results .result-title").first
    folded = first.bounding_box()["y"]
    summary.click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    # Folded, the first result comes within a screen or two; open, the filters push it far
    # down (about 1,800 px before the fold existed).
    assert folded < 1200
    assert first.bounding_box()["y"] > folded + 1000
    assert_axe_clean(page)

    # A change applies at once, the panel stays open and focus returns to the box.
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Bolton \(")).uncheck()
    expect(page).to_have_url(re.compile(r"/agreements/\?category=building-inspection&sort=newest$"))
    expect(page.locator("#filter-panel")).to_have_attribute("open", "")
    assert focused(page, "el.name === 'municipality' && el.value === 'bolton'")

    wide = new_page(viewport=DESKTOP)
    wide.goto(site["url"] + "/agreements/")
    expect(wide.locator("#filter-panel > summary")).to_be_hidden()
    expect(wide.get_by_role("button", name="Apply filters")).to_be_visible()
    no_js = new_page(javascript=False, viewport=DESKTOP)
    no_js.goto(site["url"] + "/agreements/")
    expect(no_js.get_by_role("button", name="Apply filters")).to_be_visible()

    # Without JavaScript the Apply button sends the form; the empty fields leave the address.
    phone_no_js = new_page(javascript=False, viewport=PHONE)
    phone_no_js.goto(site["url"] + "/agreements/")
    phone_no_js.locator("#filter-panel > summary").click()
    phone_no_js.get_by_label(re.compile(r"^Animal control \(")).check()
    phone_no_js.get_by_role("button", name="Apply filters").click()
    expect(phone_no_js).to_have_url(
        re.compile(r"/agreements/\?category=animal-control&sort=newest$")
    )


def test_municipalities_a_to_z_jump(new_page, site):
    page = new_page(viewport=PHONE)
    page.goto(site["url"] + "/municipalities/")
    page.get_by_role("navigation", name="Jump to a letter").get_by_role(
        "link", name="Names starting with W"
    ).click()
    expect(page).to_have_url(re.compile(r"#letter-w$"))
    row = page.locator("#letter-w")
    expect(row).to_be_in_viewport()
    assert row.inner_text().startswith("W")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_axe_clean(page)


def test_a_comparison_prints_as_its_table_even_from_a_phone(new_page, site):
    page = new_page(viewport=PHONE)
    page.goto(
        site["url"] + "/agreements/compare/?a=bolton-regional-building-inspection"
        "&a=vernon-regional-sewage-treatment"
    )
    expect(page.locator(".compare-table")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".compare-table")).to_be_visible()
    expect(page.locator(".compare-cards")).to_be_hidden()
    expect(page.get_by_role("link", name="Empty the comparison")).to_be_hidden()
