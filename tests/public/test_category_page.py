"""A category's page at scale: the bodies taking part in the most agreements, and a way to all."""

import pytest

from tests.factories import make_agreement, make_body, make_category

pytestmark = pytest.mark.django_db


def test_names_the_busiest_bodies_and_links_to_all_of_them(client, monkeypatch):
    monkeypatch.setattr("services.views.BODY_LIMIT", 2)
    category = make_category("Animal control", slug="animal-control")
    busy, busier, quiet = make_body("Busy"), make_body("Busier"), make_body("Quiet")
    draft = make_body("Hidden draft", published=False)
    for _ in range(2):
        make_agreement(categories=[category], parties=[busier, busy])
    make_agreement(categories=[category], parties=[busier, quiet, draft])

    page = client.get("/services/animal-control/").content.decode()
    section = page[page.index('id="bodies-heading"') :]

    assert "The 2 taking part in the most agreements, of 3:" in section
    assert busy.get_absolute_url() in section and busier.get_absolute_url() in section
    assert quiet.get_absolute_url() not in section
    assert "Hidden draft" not in page
    assert (
        '<a href="/agreements/filters/municipality/?category=animal-control">'
        "All 3 bodies taking part, with their number of agreements</a>"
    ) in section


def test_a_short_list_is_shown_whole_without_a_count(client):
    category = make_category("Animal control", slug="animal-control")
    make_agreement(categories=[category], parties=[make_body("Andover"), make_body("Bolton")])

    page = client.get("/services/animal-control/").content.decode()

    assert "taking part in the most agreements" not in page
    assert "All 2 bodies taking part" not in page
