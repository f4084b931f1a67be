"""Comparing agreements side by side: from the library, from an agreement's page, by address."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.comparison import COOKIE, MAX_COMPARED
from agreements.models import PartyRole
from tests.factories import (
    make_agreement,
    make_body,
    make_document,
    make_savings_claim,
    make_source,
)

pytestmark = pytest.mark.django_db


def compare_url(*agreements):
    return "/agreements/compare/?" + "&".join(f"a={a.slug}" for a in agreements)


def slugs_in(url):
    return parse_qs(urlsplit(url).query).get("a", [])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def row_cells(html, label):
    """The cells of the table row headed `label`, as text."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {label!r}"
    cells = re.findall(r"<td>(.*?)</td>", match.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def test_two_agreements_side_by_side_in_a_table_with_row_headers(client, region):
    inspection, landfill = region["inspection_agreement"], region["landfill"]
    landfill.cost_sharing = "Each town pays half of the closure."
    landfill.governance_detail = "A joint committee of two"
    landfill.record_notes = "No source gives the end year."
    landfill.save()
    source = make_source("Windsor annual report 1997")
    landfill.sources.add(source)
    make_savings_claim(landfill, 500000, year=1997, stated_by="Bloomfield", source=source)

    response = client.get(compare_url(inspection, landfill))

    assert response.status_code == 200
    html = response.content.decode()
    headers = re.findall(r'<th scope="col"><a href="([^"]+)">([^<]+)</a>', html)
    assert headers == [
        (inspection.get_absolute_url(), inspection.title),
        (landfill.get_absolute_url(), landfill.title),
    ]
    assert row_cells(html, "Services") == ["Building inspection", "Waste management"]
    assert row_cells(html, "Lead body") == ["Bolton", "None: the parties share it jointly"]
    parties = row_cells(html, "Parties and roles")
    assert "Bolton Lead / provider" in parties[0]
    assert "Andover Participant / recipient" in parties[0]
    assert "Hiddenville" not in parties[0]  # a draft body stays hidden
    assert row_cells(html, "Years and status") == ["Since 2015 Active", "Since 1990 Active"]
    assert row_cells(html, "Cost sharing") == [
        "Not stated in the sources",
        "Each town pays half of the closure.",
    ]
    assert row_cells(html, "Governance")[1] == "A joint committee of two"
    assert "$500,000" in row_cells(html, "Savings claims")[1]
    assert row_cells(html, "Savings claims")[0] == "No saving is reported in the sources"
    statutes = row_cells(html, "Statutory authority")
    assert "CGS § 7-148cc" in statutes[0] and "9-999" not in statutes[0]
    assert "bolton-agreement" not in html  # documents are shown by title, downloaded by link
    assert region["document"].get_absolute_url() in html
    assert row_cells(html, "Documents")[1] == "None available yet"
    assert "Windsor annual report 1997" in row_cells(html, "Sources")[1]
    assert row_cells(html, "Notes on the record")[1] == "No source gives the end year."


def test_on_a_phone_each_agreement_is_a_card_with_the_same_labels(client, region):
    response = client.get(compare_url(region["inspection_agreement"], region["landfill"]))
    html = response.content.decode()
    cards = html.split('<ul class="compare-cards">')[1].split('<li class="card">')[1:]
    assert len(cards) == 2
    table_labels = re.findall(r'<th scope="row">([^<]+)</th>', html)
    for card in cards:
        assert re.findall(r"<dt>([^<]+)</dt>", card) == table_labels


def test_unknown_and_draft_agreements_are_dropped_with_a_message(client, region):
    url = compare_url(region["landfill"], region["draft"]) + "&a=no-such-agreement"

    response = client.get(url, follow=True)

    assert response.redirect_chain[0][0] == compare_url(region["landfill"])
    html = response.content.decode()
    assert "Secret draft agreement" not in html and "Zanzibar" not in html
    assert messages_of(response) == [
        f"There is no published agreement “{region['draft'].slug}”; it was left out of the "
        "comparison.",
        "There is no published agreement “no-such-agreement”; it was left out of the comparison.",
    ]


def test_at_most_four_agreements_the_first_four_chosen(client, region):
    extra = [make_agreement(f"Extra agreement {n}") for n in range(3)]
    chosen = [region["inspection_agreement"], region["landfill"], *extra]

    response = client.get(compare_url(*chosen), follow=True)

    assert MAX_COMPARED == 4
    assert slugs_in(response.redirect_chain[0][0]) == [a.slug for a in chosen[:4]]
    assert len(response.context["columns"]) == 4
    assert "You can compare up to 4 agreements at once" in messages_of(response)[0]


def test_malformed_and_repeated_values_give_the_clean_address(client, region):
    landfill = region["landfill"]
    response = client.get(
        f"/agreements/compare/?a={landfill.slug}&a={landfill.slug}&a=&a=%3Cscript%3E", follow=True
    )
    assert response.redirect_chain[0][0] == compare_url(landfill)
    html = response.content.decode()
    assert "<script>" not in html
    assert "There is no published agreement “&lt;script&gt;”" in html


def test_a_hostile_address_with_thousands_of_values_is_answered_briefly(client, region):
    values = "&".join(f"a=agreement-{n}" for n in range(900))
    response = client.get(f"/agreements/compare/?{values}", follow=True)
    assert response.status_code == 200
    assert len(messages_of(response)) == 6  # five named, then how many more


def test_the_comparison_is_remembered_for_the_agreement_pages(client, region):
    inspection, landfill = region["inspection_agreement"], region["landfill"]

    page = client.get(landfill.get_absolute_url()).content.decode()
    assert f'href="{compare_url(landfill)}">Add to comparison</a>' in page

    client.get(compare_url(inspection))
    assert client.cookies[COOKIE].value == inspection.slug
    page = client.get(landfill.get_absolute_url()).content.decode()
    add = f'href="{compare_url(inspection, landfill)}">Add to comparison</a>'
    assert add in page.replace("&amp;", "&")

    client.get(compare_url(inspection, landfill))
    page = client.get(landfill.get_absolute_url()).content.decode().replace("&amp;", "&")
    assert "Add to comparison" not in page
    assert f'In your comparison: <a href="{compare_url(inspection, landfill)}">' in page


def test_a_full_comparison_says_so_instead_of_adding(client, region):
    four = [make_agreement(f"Compared {n}") for n in range(4)]
    client.get(compare_url(*four))
    page = client.get(region["landfill"].get_absolute_url()).content.decode()
    assert "Add to comparison" not in page
    assert "Your comparison is full." in page


def test_the_compare_page_without_agreements_returns_to_the_remembered_one(client, region):
    empty = client.get("/agreements/compare/")
    assert empty.status_code == 200
    assert "No agreements chosen yet." in empty.content.decode()

    client.get(compare_url(region["landfill"]))
    assert client.get("/agreements/compare/").url == compare_url(region["landfill"])

    cleared = client.get("/agreements/compare/?clear=1", follow=True)
    assert "No agreements chosen yet." in cleared.content.decode()
    assert client.cookies[COOKIE].value == ""


def test_a_tampered_cookie_is_ignored(client, region):
    client.cookies[COOKIE] = f"<b>,{region['draft'].slug},{region['landfill'].slug}"
    response = client.get("/agreements/compare/", follow=True)
    assert slugs_in(response.redirect_chain[-1][0]) == [region["landfill"].slug]
    assert "Secret draft agreement" not in response.content.decode()


def test_library_checkboxes_submit_to_the_comparison_without_javascript(client, region):
    html = client.get("/agreements/").content.decode()
    form = re.search(
        r'<form class="compare-form" method="get" action="([^"]+)"(.*?)</form>', html, re.S
    )
    assert form.group(1) == "/agreements/compare/"
    boxes = re.findall(r'<input type="checkbox" name="a" value="([^"]+)"', form.group(2))
    assert sorted(boxes) == sorted(
        a.slug for a in (region["inspection_agreement"], region["landfill"],
                         region["schools_agreement"])
    )  # fmt: skip
    assert "Compare selected" in form.group(2)

    # What the browser sends when two boxes are ticked:
    ticked = f"a={region['landfill'].slug}&a={region['inspection_agreement'].slug}"
    response = client.get(f"/agreements/compare/?{ticked}")
    assert [a.title for a, _ in response.context["columns"]] == [
        "Windsor and Bloomfield landfill",
        "Bolton regional building inspection",
    ]


def test_library_keeps_agreements_chosen_on_other_pages(client, region):
    client.get(compare_url(region["landfill"]))
    html = client.get("/agreements/?category=building-inspection").content.decode()
    assert f'<input type="hidden" name="a" value="{region["landfill"].slug}">' in html
    assert "1 chosen on other pages stay in your comparison." in html

    html = client.get("/agreements/").content.decode()
    assert (
        f'value="{region["landfill"].slug}" id="compare-{region["landfill"].slug}" checked' in html
    )


def test_removing_one_agreement_links_to_the_others(client, region):
    inspection, landfill = region["inspection_agreement"], region["landfill"]
    response = client.get(compare_url(inspection, landfill))
    assert [remove for _, remove in response.context["columns"]] == [
        compare_url(landfill),
        compare_url(inspection),
    ]


def test_the_query_count_does_not_grow_with_the_agreements_compared(client, region):
    bodies = [make_body() for _ in range(6)]
    agreements = []
    for n in range(4):
        agreement = make_agreement(
            f"Measured {n}", parties=[bodies[n], (bodies[n + 1], PartyRole.PARTNER), bodies[n + 2]]
        )
        make_document(agreement)
        make_savings_claim(agreement)
        agreement.sources.add(make_source(), make_source())
        agreements.append(agreement)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert queries(compare_url(*agreements[:1])) == queries(compare_url(*agreements)) <= 12


@pytest.mark.parametrize("slug", ["compare", "draft"])
def test_tool_addresses_cannot_be_taken_by_an_agreement(slug):
    agreement = make_agreement("A tool's name")
    agreement.slug = slug
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "address of one of the portal's tools" in str(error.value)


def test_a_comparison_whose_agreements_all_went_is_emptied_not_a_redirect_loop(client, region):
    client.cookies[COOKIE] = region["landfill"].slug
    region["landfill"].publication = "draft"
    region["landfill"].save()

    response = client.get("/agreements/compare/", follow=True)

    assert response.status_code == 200
    assert len(response.redirect_chain) == 2  # to the remembered one, then to the empty page
    assert "No agreements chosen yet." in response.content.decode()
    assert len(messages_of(response)) == 1
    assert client.cookies[COOKIE].value == ""


def test_compare_selected_with_every_box_unticked_empties_the_comparison(client, region):
    client.get(compare_url(region["landfill"]))
    # What the library's form sends when nothing is ticked: only its empty marker.
    response = client.get("/agreements/compare/?a=", follow=True)
    assert "No agreements chosen yet." in response.content.decode()
    assert messages_of(response) == []


def test_a_published_agreement_is_found_after_many_unknown_ones(client, region):
    unknown = "&".join(f"a=nope-{n}" for n in range(20))
    response = client.get(
        f"/agreements/compare/?{unknown}&a={region['landfill'].slug}", follow=True
    )
    assert [a.title for a, _ in response.context["columns"]] == ["Windsor and Bloomfield landfill"]


def test_one_agreement_alone_in_the_comparison_asks_for_another(client, region):
    client.get(compare_url(region["landfill"]))
    page = client.get(region["landfill"].get_absolute_url()).content.decode()
    assert "choose another agreement</a> to see them side by side" in page
    assert "0 others" not in page


@pytest.mark.parametrize(
    "url", ["/agreements/", "/agreements/compare/", "/agreements/{slug}/"], ids=str
)
def test_pages_that_read_the_comparison_cookie_vary_on_it(client, region, url):
    response = client.get(url.format(slug=region["landfill"].slug))
    assert "Cookie" in response["Vary"]


def test_a_proposed_agreement_is_not_said_to_have_begun(client, region):
    make_agreement("Planned sharing", status="proposed", start_year=2031)
    html = client.get("/agreements/?q=planned").content.decode()
    assert "Proposed to begin 2031" in html and "Began 2031" not in html
