"""The agreement library: filters alone and combined, facet counts, sorting, paging, bad input."""

import pytest

from agreements.models import AgreementStatus, PartyRole
from portal.pagination import BoundedPaginator
from tests.factories import make_agreement, make_body, make_category, make_document

pytestmark = pytest.mark.django_db


def titles(response):
    return [a.title for a in response.context["agreements"]]


def facet(response, name):
    return {c["value"]: c["count"] for c in response.context["facets"][name]}


def test_library_lists_published_agreements_newest_first_by_default(client, region):
    response = client.get("/agreements/")
    assert response.status_code == 200
    assert titles(response) == [
        "Mansfield town and schools",
        "Bolton regional building inspection",
        "Windsor and Bloomfield landfill",
    ]
    assert "3 agreements" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=building-inspection", ["Bolton regional building inspection"]),
        ("municipality=windsor", ["Windsor and Bloomfield landfill"]),
        ("kind=school_district", ["Mansfield town and schools"]),
        ("statute=cgs-7-148cc", ["Bolton regional building inspection"]),
        ("status=active", None),
        ("year_from=2016", ["Mansfield town and schools"]),
        ("year_to=2015", None),
        ("has_documents=yes", ["Bolton regional building inspection"]),
        ("has_documents=no", ["Mansfield town and schools", "Windsor and Bloomfield landfill"]),
        ("q=inspections", ["Bolton regional building inspection"]),
    ],
)
def test_each_filter_alone(client, region, query, expected):
    response = client.get(f"/agreements/?{query}")
    if expected is None:
        expected = {
            "status=active": [
                "Mansfield town and schools",
                "Bolton regional building inspection",
                "Windsor and Bloomfield landfill",
            ],
            "year_to=2015": [
                "Bolton regional building inspection",
                "Windsor and Bloomfield landfill",
            ],
        }[query]
    assert titles(response) == expected


def test_values_of_one_facet_are_ored_and_facets_are_anded(client, region):
    response = client.get("/agreements/?category=building-inspection&category=waste-management")
    assert set(titles(response)) == {
        "Bolton regional building inspection",
        "Windsor and Bloomfield landfill",
    }
    response = client.get(
        "/agreements/?category=building-inspection&category=waste-management&municipality=bolton"
    )
    assert titles(response) == ["Bolton regional building inspection"]
    response = client.get("/agreements/?category=waste-management&municipality=bolton")
    assert titles(response) == []
    assert "No agreements match" in response.content.decode()


def test_status_filter_excludes_other_statuses(client, region):
    make_agreement("Old expired deal", status=AgreementStatus.EXPIRED)
    response = client.get("/agreements/?status=expired")
    assert titles(response) == ["Old expired deal"]


def test_facet_counts_reflect_the_other_active_filters(client, region):
    response = client.get("/agreements/")
    assert facet(response, "category")["building-inspection"] == 1  # the draft is not counted
    assert facet(response, "municipality")["bolton"] == 1
    assert "hiddenville" not in facet(response, "municipality")
    assert facet(response, "kind")["school_district"] == 1
    assert facet(response, "kind")["municipality"] == 3
    assert facet(response, "status")["active"] == 3
    assert response.context["facets"]["has_documents"]["yes"] == 1
    assert response.context["facets"]["has_documents"]["no"] == 2

    response = client.get("/agreements/?municipality=bolton")
    categories = facet(response, "category")
    assert categories.get("building-inspection") == 1
    assert "waste-management" not in categories  # zero-count choices are not offered
    # A facet's own selection does not narrow its own counts: OR within a facet.
    assert facet(response, "municipality")["windsor"] == 1
    assert facet(response, "status")["active"] == 1


def test_facet_counts_are_counted_once_per_agreement(client, region):
    # Two categories and four parties must not multiply the counts.
    response = client.get("/agreements/?kind=municipality")
    assert facet(response, "status")["active"] == 3
    assert response.context["paginator"].count == 3


def test_selected_choice_is_checked_and_shown_as_a_removable_chip(client, region):
    response = client.get("/agreements/?municipality=bolton&category=building-inspection")
    html = response.content.decode()
    assert 'value="bolton" id="f-municipality-' in html
    chips = dict(response.context["chips"])
    assert chips["Municipality or body: Bolton"] == "/agreements/?category=building-inspection"
    assert chips["Service: Building inspection"] == "/agreements/?municipality=bolton"
    removed = client.get(chips["Service: Building inspection"])
    assert titles(removed) == ["Bolton regional building inspection"]
    assert "Remove filter </span>Municipality or body: Bolton" in removed.content.decode()


def test_a_shared_url_reproduces_the_same_view(client, region):
    url = "/agreements/?category=building-inspection&category=waste-management&sort=title"
    first, second = client.get(url), client.get(url)
    assert titles(first) == [
        "Bolton regional building inspection",
        "Windsor and Bloomfield landfill",
    ]
    assert second.content == first.content  # made afresh, or from the page cache: the same


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Mansfield town and schools", "Bolton regional building inspection",
                    "Windsor and Bloomfield landfill"]),
        ("oldest", ["Windsor and Bloomfield landfill", "Bolton regional building inspection",
                    "Mansfield town and schools"]),
        ("title", ["Bolton regional building inspection", "Mansfield town and schools",
                   "Windsor and Bloomfield landfill"]),
    ],
)  # fmt: skip
def test_sorting(client, region, sort, expected):
    assert titles(client.get(f"/agreements/?sort={sort}")) == expected


def test_relevance_is_the_default_sort_with_a_query(client, region):
    make_agreement("Landfill expansion study", summary="Nothing else.")
    response = client.get("/agreements/?q=landfill")
    assert response.context["filter"].sort_key == "relevance"
    assert set(titles(response)) == {"Landfill expansion study", "Windsor and Bloomfield landfill"}


def test_relevance_without_a_query_falls_back_to_newest(client, region):
    response = client.get("/agreements/?sort=relevance")
    assert response.status_code == 200
    assert response.context["filter"].sort_key == "newest"


def test_pagination_keeps_filters_and_pages_by_twenty(client, region):
    category = make_category("Dispatch services", slug="dispatch-services")
    for number in range(45):
        make_agreement(f"Dispatch agreement {number:02d}", categories=[category])
    response = client.get("/agreements/?category=dispatch-services&sort=title")
    assert len(titles(response)) == 20
    html = response.content.decode()
    assert 'href="?category=dispatch-services&amp;sort=title&amp;page=2"' in html
    page3 = client.get("/agreements/?category=dispatch-services&sort=title&page=3")
    assert titles(page3) == [f"Dispatch agreement {n}" for n in range(40, 45)]


def test_pages_stop_at_the_bound_and_say_how_to_reach_the_rest(client, region, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_pages", 2)
    category = make_category("Dispatch services", slug="dispatch-services")
    for number in range(45):
        make_agreement(f"Dispatch agreement {number:02d}", categories=[category])
    first = client.get("/agreements/?category=dispatch-services&sort=title")
    assert "Page 1 of 3" in first.content.decode()
    assert "Pages stop at page" not in first.content.decode()
    last = client.get("/agreements/?category=dispatch-services&sort=title&page=3")
    assert last.context["page_obj"].number == 2  # the deepest page shown
    assert last.context["paginator"].count == 45  # the count stays exact
    html = last.content.decode()
    assert "Page 2 of 3" in html
    assert 'rel="next"' not in html
    assert "Pages stop at page 2. To see the rest, narrow the results" in html


def test_a_search_counts_every_match_though_pages_stop(client, region, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_pages", 1)
    for number in range(23):
        make_agreement(f"Dispatch agreement {number:02d}")
    response = client.get("/agreements/?q=dispatch&page=2")
    assert response.context["paginator"].count == 23
    assert "23 agreements match your filters" in response.content.decode()
    assert response.context["page_obj"].number == 1
    assert len(titles(response)) == 20
    assert "Page 1 of 2" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "expected_number"), [("999999", 3), ("-1", 1), ("0", 1), ("abc", 1), ("", 1)]
)
def test_out_of_range_or_malformed_page_gives_the_nearest_valid_page(
    client, region, page, expected_number
):
    category = make_category("Dispatch services", slug="dispatch-services")
    for number in range(45):
        make_agreement(f"Dispatch agreement {number:02d}", categories=[category])
    response = client.get(f"/agreements/?category=dispatch-services&page={page}", follow=True)
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number


def test_unknown_slug_is_removed_with_a_clear_message(client, region):
    response = client.get("/agreements/?category=no-such-service&municipality=bolton", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == "/agreements/?municipality=bolton"
    assert "There is no service “no-such-service”" in response.content.decode()
    assert titles(response) == ["Bolton regional building inspection"]


def test_a_draft_slug_counts_as_unknown(client, region):
    response = client.get("/agreements/?municipality=hiddenville", follow=True)
    assert response.redirect_chain[0][0] == "/agreements/"
    assert "There is no municipality or body “hiddenville”" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "year_from=abc",
        "year_to=12.5.6",
        "year_from=99999999999999999999",
        "status=bogus",
        "kind=castle",
        "sort=sideways",
        "has_documents=perhaps",
        "category=%00%01",
        "category=" + "x" * 300,
        "q=" + "word " * 1000,
        "q=%27%29%3B+DROP+TABLE+agreements_agreement%3B+--",
        "q=%22%22%22",
        "q=*",
        "q=NEAR%28",
        "municipality=bolton&municipality=bolton",
    ],
)
def test_malformed_input_gives_a_normal_page(client, region, query):
    response = client.get(f"/agreements/?{query}", follow=True)
    assert response.status_code == 200


def test_invalid_year_is_reported_and_ignored(client, region):
    response = client.get("/agreements/?year_from=abc&category=waste-management")
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert titles(response) == ["Windsor and Bloomfield landfill"]
    # The phone's folded filter panel opens, so that the message shows; a valid one stays shut.
    assert '<details class="filter-panel" id="filter-panel" open>' in html
    valid = client.get("/agreements/?year_from=2000").content.decode()
    assert '<details class="filter-panel" id="filter-panel">' in valid


def test_overlong_query_is_reported(client, region):
    response = client.get("/agreements/?q=" + "a" * 5000)
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_kind_filter_ignores_draft_bodies(client, region):
    hidden_board = make_body(
        "Hidden board", kind="school_district", parent=region["bolton"], published=False
    )
    make_agreement("With a hidden board", parties=[(hidden_board, PartyRole.PARTNER)])
    response = client.get("/agreements/?kind=school_district")
    assert titles(response) == ["Mansfield town and schools"]


def test_has_documents_counts_agreements_not_files(client, region):
    make_document(region["inspection_agreement"], filename="second.docx")
    response = client.get("/agreements/")
    assert response.context["facets"]["has_documents"]["yes"] == 1


@pytest.mark.parametrize(
    ("query", "statuses", "documents"),
    [
        ("", {"active": 2, "expired": 1}, (2, 1)),
        ("status=active", {"active": 2, "expired": 1}, (1, 1)),
        ("has_documents=yes", {"active": 1, "expired": 1}, (2, 1)),
        ("status=active&has_documents=no", {"active": 1, "expired": 0}, (1, 1)),
        ("status=expired&status=active&has_documents=yes", {"active": 1, "expired": 1}, (2, 1)),
    ],
)
def test_status_and_document_counts_each_apply_the_others_filter(
    client, query, statuses, documents
):
    # Both facets come from one query; each must still count under the other's selection.
    make_document(make_agreement("Active with a file"))
    make_agreement("Active without a file")
    make_document(make_agreement("Expired with a file", status=AgreementStatus.EXPIRED))
    make_agreement("A draft with a file", published=False)

    response = client.get(f"/agreements/?{query}")

    counts = facet(response, "status")  # choices counting none are not offered
    assert {status: counts.get(status, 0) for status in statuses} == statuses
    has_documents = response.context["facets"]["has_documents"]
    assert (has_documents["yes"], has_documents["no"]) == documents


def test_a_selected_body_stays_offered_when_nothing_matches(client, region):
    response = client.get("/agreements/?q=xylophone&municipality=bolton&kind=municipality")

    assert titles(response) == []
    assert facet(response, "municipality") == {"bolton": 0}
    assert facet(response, "kind").get("municipality", 0) == 0
