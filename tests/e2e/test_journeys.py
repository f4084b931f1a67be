"""What residents and officials do, in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.e2e.conftest import PHONE, TEST_PDF, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download_from_home(page, site):
    """Journey 1: home → category → agreement → document; returns the saved file's bytes."""
    page.goto(site["url"] + "/")
    page.get_by_role("link", name="Building inspection", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/services/building-inspection/$"))
    page.get_by_role("link", name="Bolton regional building inspection program").click()
    expect(page.locator("h1")).to_have_text("Bolton regional building inspection program")
    with page.expect_download() as info:
        page.get_by_role("link", name="Test copy of the inspection agreement").click()
    download = info.value
    assert download.suggested_filename == "bolton-building-inspection-test.pdf"
    return open(download.path(), "rb").read()


def test_resident_downloads_a_document_from_the_home_page(page, site):
    assert download_from_home(page, site) == TEST_PDF
    site["pdf"].refresh_from_db()
    assert site["pdf"].download_count == 1


def javascript_on(page):
    """Whether the library's script runs (it marks the form it enhances)."""
    return page.locator("#filters-apply-hint").count() == 1


def filter_library(page, site):
    """Journey 2: filter by a municipality and a category, drop a chip, share the URL."""
    page.goto(site["url"] + "/agreements/")
    total = int(re.match(r"\d+", page.locator("#results-heading").inner_text()).group())
    assert total == Agreement.objects.published().count() == 56  # 55 starter + 1 test agreement
    bolton = Agreement.objects.published().filter(parties__body__slug="bolton").distinct().count()
    assert bolton > 1
    # The 15 busiest towns are listed; Bolton is among the rest, on the list of every town.
    page.get_by_role("link", name=re.compile(r"^Show all \d+ choices of municipality")).click()
    page.get_by_label(re.compile(r"^Bolton \(")).check()
    page.get_by_role("button", name="Apply to the library").click()
    expect(page.locator("#results-heading")).to_have_text(f"{bolton} agreements match your filters")
    if javascript_on(page):
        # A ticked box applies at once.
        with page.expect_navigation():
            page.get_by_label(re.compile(r"^Building inspection \(")).check()
    else:
        page.get_by_label(re.compile(r"^Building inspection \(")).check()
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("1 agreement matches your filters")
    chip = page.get_by_role("link", name=re.compile("Remove filter Service: Building inspection"))
    chip.click()
    expect(page.locator("#results-heading")).to_have_text(f"{bolton} agreements match your filters")
    expect(page.get_by_role("link", name=re.compile("Remove filter Service"))).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^Bolton \("))).to_be_checked()
    return page.url


def test_official_filters_the_library_and_shares_the_url(page, new_page, site):
    shared_url = filter_library(page, site)
    assert "municipality=bolton" in shared_url and "category" not in shared_url
    other = new_page()
    other.goto(shared_url)
    bolton = Agreement.objects.published().filter(parties__body__slug="bolton").distinct().count()
    expect(other.locator("#results-heading")).to_have_text(
        f"{bolton} agreements match your filters"
    )
    expect(
        other.locator(".results .result-title", has_text="Bolton regional building inspection")
    ).to_have_count(1)


def search_from_header(page, site):
    """Journey 3: an inflected word in the header search finds the agreement."""
    page.goto(site["url"] + "/statutes/")
    page.get_by_role("searchbox", name="Search agreements, services, towns and laws").fill(
        "inspections"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=inspections"))
    expect(
        page.get_by_role("link", name="Bolton regional building inspection program")
    ).to_be_visible()


def test_header_search_finds_an_agreement_by_an_inflected_word(page, site):
    search_from_header(page, site)


def test_without_javascript_the_journeys_still_work(new_page, site):
    page = new_page(javascript=False)
    assert download_from_home(page, site) == TEST_PDF
    filter_library(page, site)
    search_from_header(page, site)


FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const background = style.backgroundColor === 'rgb(255, 221, 0)';
  return outline || shadow || background;
}"""


def tab_to(page, predicate_js, limit=80):
    """Press Tab until the focused element matches; check focus is visible at every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        if tag != "BODY":
            assert page.evaluate(FOCUS_VISIBLE), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"
        ):
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def test_keyboard_only_user_skips_to_content_filters_and_opens_a_result(page, site):
    page.goto(site["url"] + "/agreements/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, "el.name === 'q'")
    page.keyboard.type("animal")
    tab_to(page, "el.type === 'checkbox' && el.value === 'animal-control'")
    # With JavaScript a ticked box applies the filters at once, words included, and focus
    # comes back to the box after the page reloads.
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).to_have_url(
        re.compile(r"/agreements/\?q=animal&category=animal-control&sort=newest$")
    )
    assert page.evaluate("document.activeElement.value") == "animal-control"
    assert page.evaluate("document.activeElement.checked")
    animal = Agreement.objects.published().filter(categories__slug="animal-control").count()
    expect(page.locator("#results-heading")).to_have_text(f"{animal} agreements match your filters")

    tab_to(page, "el.textContent.trim() === 'Test: Tolland and Vernon shared animal control'")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Test: Tolland and Vernon shared animal control")


PAGES_AT_320 = [
    "/",
    "/services/",
    "/services/building-inspection/",
    "/agreements/",
    "/agreements/?municipality=bolton&category=building-inspection",
    "/agreements/bolton-regional-building-inspection/",
    "/agreements/vernon-regional-sewage-treatment/",
    "/municipalities/",
    "/municipalities/bolton/",
    "/municipalities/eastern-highlands-health-district/",
    "/statutes/",
    "/statutes/cgs-7-148cc/",
    "/programs/",
    "/programs/regional-performance-incentive-program/",
    "/search/?q=inspections",
    "/search/?q=nothingmatchesthis",
    "/agreements/compare/?a=bolton-regional-building-inspection&a=vernon-regional-sewage-treatment",
    "/partners/?service=public-health&town=andover",
    "/partners/",
    "/partners/?service=public-health",
    "/partners/?town=bolton",
    "/partners/?service=no-such-service&town=atlantis",
    "/services/childcare-services/",
    "/agreements/draft/?from=vernon-regional-sewage-treatment",
    "/no-such-page/",
]


def test_at_320px_no_page_scrolls_sideways_and_navigation_is_reachable(new_page, site):
    page = new_page(viewport=PHONE)
    for path in PAGES_AT_320:
        page.goto(site["url"] + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
        nav = page.get_by_role("navigation", name="Primary")
        for name in ("Services", "Agreements", "Municipalities", "Statutes", "Programs", "Search"):
            link = nav.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, name)
    page.goto(site["url"] + "/")
    page.get_by_role("navigation", name="Primary").get_by_role("link", name="Programs").click()
    expect(page.locator("h1")).to_have_text("Programs and contacts")
    screenshot(page, "journey-320-programs")
