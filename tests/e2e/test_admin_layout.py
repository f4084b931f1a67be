"""The admin a new staff member can trust: it fits the window, passes axe, and takes an
agreement from a draft with a title alone, through its preview, to published."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from agreements.models import Agreement
from municipalities.models import PublicBody
from tests.e2e.conftest import DESKTOP, screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS, violations_report
from tests.factories import make_savings_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"
SMALL_LAPTOP = {"width": 1024, "height": 768}


def log_in(new_page, site, viewport=DESKTOP):
    """A page in a browser context that carries a superuser's session (no login form)."""
    user = get_user_model().objects.create_superuser("layout", "", PASSWORD)
    client = Client()
    client.force_login(user)
    page = new_page(viewport=viewport)
    page.context.add_cookies(
        [{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": site["url"],
        }]
    )  # fmt: skip
    return page


def admin_pages(site):
    """Every admin page the layout must fit: name -> path."""
    animal = site["animal"]
    make_savings_claim(animal, description="Test: one shared animal control officer.")
    tolland = PublicBody.objects.get(slug="tolland")
    return {
        "index": "/admin/",
        "agreement-list": "/admin/agreements/agreement/",
        "agreement-add": "/admin/agreements/agreement/add/",
        "agreement-change": f"/admin/agreements/agreement/{animal.pk}/change/",
        "body-list": "/admin/municipalities/publicbody/",
        "body-change": f"/admin/municipalities/publicbody/{tolland.pk}/change/",
        "document-list": "/admin/agreements/agreementdocument/",
    }


# The page's width, or further right if content runs past the edge where an ancestor clips it
# (Django's layout hides what overflows at 1,024 px instead of scrolling). Content inside a
# container of its own that scrolls sideways does not count.
WIDEST = """() => {
  let widest = document.documentElement.scrollWidth;
  for (const el of document.querySelectorAll("#container *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    let scrolls = false;
    for (let up = el.parentElement; up && !scrolls; up = up.parentElement) {
      scrolls = ["auto", "scroll"].includes(getComputedStyle(up).overflowX);
    }
    if (!scrolls) widest = Math.max(widest, Math.ceil(box.right + window.scrollX));
  }
  return widest;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, SMALL_LAPTOP], ids=["1280", "1024"])
def test_admin_pages_are_no_wider_than_the_window(new_page, site, viewport):
    page = log_in(new_page, site, viewport)
    widths = {}
    for name, path in admin_pages(site).items():
        assert page.goto(site["url"] + path).status == 200, path
        page.wait_for_load_state("load")
        widths[name] = page.evaluate(WIDEST)
        screenshot(page, f"admin-{name}-{viewport['width']}")
    print(f"widths at {viewport['width']}px:", widths)
    assert {name: px for name, px in widths.items() if px > viewport["width"]} == {}


def test_admin_pages_have_no_wcag_violations(new_page, site):
    page = log_in(new_page, site)
    axe = Axe()
    violations = []
    for name, path in admin_pages(site).items():
        page.goto(site["url"] + path)
        page.wait_for_load_state("load")
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            violations.append(f"{name}:\n{violations_report(results)}")
    assert violations == [], "\n".join(violations)


def choose_autocomplete(page, select_id, text, option):
    """Type in one of the admin's select2 autocomplete boxes and pick the option named."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_staff_create_a_draft_preview_it_then_publish_it(new_page, site):
    get_user_model().objects.create_superuser("curator", "", PASSWORD)
    url = site["url"]
    page = new_page()
    page.goto(url + "/admin/login/?next=/admin/agreements/agreement/add/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Add agreement")

    # A draft needs a title, nothing more.
    page.locator("#id_title").fill("Test: Tolland and Willington shared assessor")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    agreement = Agreement.objects.get(title="Test: Tolland and Willington shared assessor")
    assert agreement.publication == "draft"

    # Staff preview it on its public page; the public cannot see it.
    preview = page.locator("a.viewsitelink").get_attribute("href")
    page.goto(url + preview)
    assert page.url == url + agreement.get_absolute_url()
    expect(page.locator(".preview-banner")).to_contain_text("Draft — not public.")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    visitor = new_page()
    assert visitor.goto(page.url).status == 404

    # Publishing it incomplete keeps it a draft and says what is missing.
    page.go_back()
    page.locator("#id_publication").select_option("published")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Your changes are saved, but “Test: Tolland and Willington shared assessor” stays a "
        "draft until you choose at least one published service category; add at least one "
        "party whose body is published; cite at least one source."
    )
    expect(page.locator("h1")).to_have_text("Change agreement")

    # Completed, it publishes.
    choose_autocomplete(page, "id_categories", "Animal", "Animal control")
    page.locator("#id_parties-0-body + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Tolland")
    first = page.locator(".select2-results__option").first
    expect(first).to_have_text("Tolland — Municipality (town or city), Tolland County")
    first.click()
    page.locator("#id_parties-0-role").select_option("lead")
    choose_autocomplete(page, "id_sources", "Toolkit", "Shared Services – Toolkit")
    page.locator("#id_publication").select_option("published")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    agreement.refresh_from_db()
    assert agreement.publication == "published"

    assert visitor.goto(url + agreement.get_absolute_url()).status == 200
    expect(visitor.locator("h1")).to_have_text(agreement.title)
    expect(visitor.locator(".preview-banner")).to_have_count(0)
