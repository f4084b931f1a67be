"""The API's docs page (Swagger UI) in a real browser, under the site's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import make_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation, as the page itself hears of it (Chromium also logs it to the console).
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_the_docs_page_shows_every_operation_and_runs_one_without_a_csp_violation(
    page, live_server
):
    make_agreement("Bolton regional building inspection")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)

    page.goto(live_server.url + "/api/v1/docs/")
    operations = page.locator(".opblock")
    expect(operations).to_have_count(11)  # the root, and a list and a detail of five kinds
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/agreements/{slug}/")
    ).to_be_visible()

    # "Try it out" fetches from this site (connect-src 'self') and shows the answer.
    listing = page.locator("#operations-agreements-agreements_list")
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    expect(listing.locator(".live-responses-table tbody .response-col_status")).to_have_text("200")
    expect(listing.locator(".live-responses-table")).to_contain_text("bolton-regional-building")
    screenshot(page, "api-docs-1280")

    assert page.evaluate("window.cspViolations") == []
    assert errors == []
