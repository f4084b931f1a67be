"""The finder in Chromium on the starter content: the form works without JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The finder's page types (each state of the form, and a category with no agreement) are in
# the site-wide gate: tests/e2e/test_accessibility.py (axe, CSP) and test_journeys.py (320 px).


def test_the_form_works_without_javascript(new_page, site):
    page = new_page(javascript=False)
    page.goto(site["url"] + "/services/public-health/")
    page.get_by_label("Town", exact=True).select_option(label="Andover")
    page.get_by_role("button", name="Find partners to share it with").click()

    assert "/partners/?service=public-health&town=andover" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Who could share public health with Andover?"
    )
    page.get_by_label("Service", exact=True).select_option(label="Police")
    page.get_by_role("button", name="Find partners").click()
    assert "service=police" in page.url
