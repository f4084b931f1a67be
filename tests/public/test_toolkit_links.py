"""Officials reach the toolkit from where they already are."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_agreement_page_offers_a_draft_based_on_it(client, region):
    agreement = region["inspection_agreement"]
    page = client.get(agreement.get_absolute_url()).content.decode()
    link = f"/agreements/draft/?from={agreement.slug}"
    assert f'<a href="{link}">Start a draft based on this agreement</a>' in page

    form = client.get(link)
    assert form.status_code == 200
    assert form.context["form"]["service"].value() == "building-inspection"
    assert form.context["form"]["lead"].value() == "bolton"
    assert "hiddenville" not in form.context["form"]["parties"].value()  # a draft body


def test_the_home_page_lists_the_three_tools(client, region):
    page = client.get("/").content.decode()
    for href, name in [
        ("/partners/", "Find a partner"),
        ("/agreements/compare/", "Compare agreements"),
        ("/agreements/draft/", "Draft an agreement"),
    ]:
        assert f'<a href="{href}">{name}</a>' in page
        assert client.get(href).status_code == 200
