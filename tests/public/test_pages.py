"""Every public page through the Django test client: content, links and 404s."""

import pytest

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_shows_intro_categories_with_counts_recent_agreements_and_programs(client, region):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    # The seed's explanation has its own page, linked from "Learn how sharing works".
    assert "Pooling <em>resources</em>." not in html
    intro = response.context["intro"]
    assert f'href="{intro.get_absolute_url()}"' in html
    assert "Pooling <em>resources</em>." in text(client.get(intro.get_absolute_url()))
    assert "Administrative and support services" in html
    assert "Community-based services" in html
    assert 'href="/services/building-inspection/"' in html
    assert "Bolton regional building inspection" in html
    assert "Regional Performance Incentive Program" in html
    assert 'href="/admin/"' not in html  # staff only (tests/public/test_footer.py)
    assert 'role="search"' in html


def test_home_counts_only_published_agreements_per_category(client, region):
    kinds = client.get("/").context["kinds"]
    counts = {c.slug: c.agreement_count for _, _, categories in kinds for c in categories}
    assert counts["building-inspection"] == 1  # the draft agreement is not counted
    assert counts["waste-management"] == 1
    assert "secret-category" not in counts


def test_services_page_groups_categories_by_kind(client, region):
    response = client.get("/services/")
    assert response.status_code == 200
    groups = {value: [c.slug for c in cats] for _, value, cats in response.context["kinds"]}
    assert groups["administrative"] == ["financial-management"]
    assert set(groups["community"]) == {"building-inspection", "waste-management"}


def test_category_page_lists_its_published_agreements_and_bodies(client, region):
    response = client.get("/services/building-inspection/")
    assert response.status_code == 200
    html = text(response)
    assert "Bolton regional building inspection" in html
    assert "Secret draft agreement" not in html
    assert [b.name for b in response.context["bodies"]] == ["Andover", "Ashford", "Bolton"]


def test_agreement_page_shows_every_field(client, region):
    response = client.get("/agreements/bolton-regional-building-inspection/")
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Bolton regional building inspection</h1>" in html
    assert "Active" in html
    assert 'href="/services/building-inspection/"' in html
    assert 'href="/municipalities/bolton/"' in html
    assert "Lead / provider" in html and "Participant / recipient" in html
    assert "July 1, 2015" in html
    assert 'href="/statutes/cgs-7-148cc/"' in html
    assert "Bolton inspects decks" in html
    document = region["document"]
    assert (
        f'href="/agreements/bolton-regional-building-inspection/documents/{document.pk}/"' in html
    )
    assert "PDF" in html
    assert "Last updated" in html


def test_agreement_page_hides_draft_parties_statutes_and_categories(client, region):
    html = text(client.get("/agreements/bolton-regional-building-inspection/"))
    assert "Hiddenville" not in html
    assert "CGS § 9-999" not in html
    html = text(client.get("/agreements/mansfield-town-and-schools/"))
    assert "Secret category" not in html


def test_agreement_page_links_related_agreements_in_same_category(client, region):
    from tests.factories import make_agreement

    make_agreement("Another inspection deal", categories=[region["inspection"]])
    response = client.get("/agreements/bolton-regional-building-inspection/")
    assert [a.title for a in response.context["related"]] == ["Another inspection deal"]


def test_municipality_list_filters_by_kind_and_membership_with_counts(client, region):
    response = client.get("/municipalities/")
    bodies = {b.name: b.agreement_count for b in response.context["bodies"]}
    assert bodies["Bolton"] == 1  # the draft agreement with Bolton is not counted
    assert "Hiddenville" not in bodies
    response = client.get("/municipalities/?kind=school_district")
    assert [b.name for b in response.context["bodies"]] == ["Mansfield school district"]
    response = client.get("/municipalities/?member=no&kind=municipality")
    assert [b.name for b in response.context["bodies"]] == ["Ashford"]


def test_municipality_list_with_bad_filter_value_is_a_normal_page(client, region):
    response = client.get("/municipalities/?kind=castle&member=maybe")
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


def test_municipality_page_groups_agreements_by_role_and_lists_partners(client, region):
    response = client.get("/municipalities/bolton/")
    assert response.status_code == 200
    groups = {label: [a.title for a in rows] for label, rows, _ in response.context["role_groups"]}
    assert groups == {"Services it provides": ["Bolton regional building inspection"]}
    assert [b.name for b in response.context["partners"]] == ["Andover", "Ashford"]
    assert [c.name for c in response.context["categories"]] == ["Building inspection"]
    response = client.get("/municipalities/andover/")
    groups = {label: [a.title for a in rows] for label, rows, _ in response.context["role_groups"]}
    assert groups == {"Services it receives": ["Bolton regional building inspection"]}
    response = client.get("/municipalities/windsor/")
    labels = [label for label, _, _ in response.context["role_groups"]]
    assert labels == ["Services it shares as a partner"]


def test_school_district_page_links_its_town(client, region):
    html = text(client.get("/municipalities/mansfield-school-district/"))
    assert 'href="/municipalities/mansfield/"' in html


def test_statute_pages_show_citation_summary_and_citing_agreements(client, region):
    response = client.get("/statutes/")
    assert "CGS § 7-148cc" in text(response)
    assert "CGS § 9-999" not in text(response)
    response = client.get("/statutes/cgs-7-148cc/")
    html = text(response)
    assert "Joint performance of municipal functions" in html
    assert [a.title for a in response.context["agreements"]] == [
        "Bolton regional building inspection"
    ]


def test_program_pages_show_contacts_with_mailto_and_resources(client, region):
    response = client.get("/programs/")
    html = text(response)
    assert "Robyn Nichols" in html
    assert 'href="mailto:person@example.org"' in html
    assert "Shared services guide" in html
    assert "Draft resource" not in html and "Draft Contact" not in html
    assert "Draft program" not in html
    response = client.get("/programs/regional-performance-incentive-program/")
    assert response.status_code == 200
    assert "Robyn Nichols" in text(response)


def test_site_page_renders_markdown(client, region):
    response = client.get("/about/what-are-shared-services/")
    assert "Pooling <em>resources</em>." in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/services/secret-category/",
        "/services/no-such-thing/",
        "/agreements/secret-draft-agreement/",
        "/agreements/no-such-thing/",
        "/municipalities/hiddenville/",
        "/municipalities/no-such-town/",
        "/statutes/cgs-9-999/",
        "/statutes/nothing/",
        "/programs/draft-program/",
        "/programs/nothing/",
        "/about/nothing/",
        "/no/such/page/",
    ],
)
def test_drafts_and_unknown_pages_answer_a_friendly_404(client, region, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert 'href="/agreements/"' in text(response)  # in the site's layout


def test_draft_content_appears_on_no_public_page(client, region):
    pages = [
        "/", "/services/", "/services/building-inspection/", "/agreements/",
        "/agreements/bolton-regional-building-inspection/", "/municipalities/",
        "/municipalities/bolton/", "/municipalities/windsor/", "/statutes/",
        "/statutes/cgs-7-148cc/", "/programs/", "/search/?q=secret", "/search/?q=zanzibar",
        "/agreements/?q=zanzibar", "/agreements/?municipality=bolton",
    ]  # fmt: skip
    for url in pages:
        html = text(client.get(url))
        for secret in ("Secret draft agreement", "Zanzibar", "Hiddenville", "Secret category"):
            assert secret not in html, f"{secret!r} leaked on {url}"


def test_server_error_page_uses_the_site_layout(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()


def test_every_page_has_a_unique_title_and_a_description(client, region):
    import re

    titles = set()
    for url in ["/", "/services/", "/services/building-inspection/", "/agreements/",
                "/agreements/bolton-regional-building-inspection/", "/municipalities/",
                "/municipalities/bolton/", "/statutes/", "/statutes/cgs-7-148cc/", "/programs/",
                "/programs/regional-performance-incentive-program/", "/search/"]:  # fmt: skip
        html = text(client.get(url))
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title not in titles, url
        titles.add(title)
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html), url
        assert html.count("<h1") == 1, url


def test_municipality_page_shows_the_first_ten_per_role_and_the_total(client, region):
    from tests.factories import make_agreement

    for number in range(23):
        make_agreement(f"Bolton service {number:02d}", parties=[region["bolton"]])
    response = client.get("/municipalities/bolton/")
    label, rows, total = response.context["role_groups"][0]
    assert (label, len(rows), total) == ("Services it provides", 10, 24)
    assert rows[0].title == "Bolton regional building inspection"
    assert response.context["agreement_count"] == 24
    assert "Showing the first 10 of 24" in response.content.decode()


def test_section_link_is_the_current_page_only_on_the_list_itself(client, region):
    html = client.get("/agreements/").content.decode()
    assert '<a href="/agreements/" aria-current="page">Agreements</a>' in html
    html = client.get("/agreements/bolton-regional-building-inspection/").content.decode()
    assert '<a href="/agreements/" aria-current="true">Agreements</a>' in html


def test_lead_body_says_jointly_only_when_all_parties_are_partners(client, region):
    html = client.get("/agreements/windsor-and-bloomfield-landfill/").content.decode()
    assert "None: the parties share it jointly" in html
    region["bolton"].publication = "draft"
    region["bolton"].save()
    html = client.get("/agreements/bolton-regional-building-inspection/").content.decode()
    assert "share it jointly" not in html
    assert "Bolton" not in html.split("Lead body")[1].split("</dd>")[0]


def test_document_link_names_its_type_and_size(client, region):
    html = client.get("/agreements/bolton-regional-building-inspection/").content.decode()
    assert '<span class="visually-hidden"> (PDF, ' in html


@pytest.mark.parametrize("page", ["abc", "-3", "999"])
def test_municipality_list_forgives_a_bad_page_number(client, region, page):
    response = client.get(f"/municipalities/?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_municipality_filter_errors_are_tied_to_their_controls(client, region):
    html = client.get("/municipalities/?kind=castle").content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_kind-error"' in html
    assert 'id="id_kind-error"' in html
