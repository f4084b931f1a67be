"""The finder in Chromium on the starter content: no WCAG 2.1 AA violation at 1280 and 320 px,
nothing blocked by the Content-Security-Policy, and the form works without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import DESKTOP, PHONE, screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS, violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = {
    "finder-empty": "/partners/",
    "finder-full": "/partners/?service=public-health&town=andover",
    "finder-service-only": "/partners/?service=public-health",
    "finder-town-only": "/partners/?town=bolton",
    "finder-unknown": "/partners/?service=no-such-service&town=atlantis",
    "service-without-agreements": "/services/childcare-services/",
}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_finder_page_has_no_wcag_violations_at_desktop_and_phone_width(new_page, site, name):
    axe = Axe()
    for label, viewport in (("1280", DESKTOP), ("320", PHONE)):
        page = new_page(viewport=viewport)
        blocked = []
        page.on(
            "console",
            lambda message, blocked=blocked: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        response = page.goto(site["url"] + PAGE_TYPES[name])
        assert response.status == 200
        screenshot(page, f"{name}-{label}")
        assert blocked == [], f"{name}: the Content-Security-Policy blocked {blocked}"
        # Nothing wider than a phone: no sideways scrolling at 320 px.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{name} at {label}px:\n{violations_report(results)}"


def test_the_form_works_without_javascript(new_page, site):
    page = new_page(javascript=False)
    page.goto(site["url"] + "/services/public-health/")
    page.get_by_label("Your town", exact=True).select_option(label="Andover")
    page.get_by_role("button", name="Find partners").click()

    assert "/partners/?service=public-health&town=andover" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Who could share public health with Andover?"
    )
    page.get_by_label("Service", exact=True).select_option(label="Police")
    page.get_by_role("button", name="Find partners").click()
    assert "service=police" in page.url
