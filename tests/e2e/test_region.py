"""The regional picture in Chromium on the starter content: a resident answers "who provides
… in my town?" from the home page with the keyboard alone, on a phone, without JavaScript."""

import pytest

from tests.e2e.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The new page types are in the site-wide gate (tests/e2e/test_accessibility.py): axe and the
# Content-Security-Policy at 1280 and 320 px.


def ask_from_home(page, site, town, service):
    """Keyboard only: Tab to each select, type to choose, Enter to send. Two steps: the
    home page, then the answer."""
    page.goto(site["url"] + "/")
    page.keyboard.press("Tab")  # the skip link first
    while page.evaluate("document.activeElement.id") != "lookup-town":
        page.keyboard.press("Tab")
    page.keyboard.type(town)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lookup-service"
    page.keyboard.type(service)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Find out"
    page.keyboard.press("Enter")
    page.wait_for_url("**/services/**")


@pytest.mark.parametrize("javascript", [False, True])
def test_who_inspects_buildings_in_andover_on_a_phone(new_page, site, javascript):
    page = new_page(viewport=PHONE, javascript=javascript)

    ask_from_home(page, site, "Andover", "Building")

    assert page.url.endswith("/towns/andover/services/building-inspection/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Who provides building inspection in Andover?"
    )
    sentence = page.locator(".answer-sentence").first.inner_text()
    assert sentence == (
        "Building inspection in Andover is provided by Bolton under a regional agreement."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"answer-andover-320-js-{javascript}")


def test_where_does_windsors_trash_go(new_page, site):
    page = new_page(javascript=False)

    ask_from_home(page, site, "Windsor", "Waste")

    assert page.url.endswith("/towns/windsor/services/waste-management/")
    sentences = page.locator(".answer-sentence").all_inner_texts()
    assert any("Windsor provides waste management itself" in s for s in sentences)
    assert any("The Metropolitan District" in s for s in sentences)


def test_the_matrix_becomes_a_list_per_town_on_a_phone(new_page, site):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(site["url"] + "/region/?members=on")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    andover = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Andover"))
    # On a phone each filled cell says which service it is; empty cells are not shown.
    assert "Building inspection: receives" in andover.inner_text()
    assert andover.locator("td.none").first.is_hidden()


def test_network_nodes_are_links(new_page, site):
    page = new_page(javascript=False)
    page.goto(site["url"] + "/region/network/")
    page.locator("svg.network a", has=page.locator("title", has_text="Andover")).first.click()
    assert page.url.endswith("/municipalities/andover/")
