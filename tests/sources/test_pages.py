"""Every public detail page ends with its notes and a Sources list."""

import pytest

from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_page,
    make_program,
    make_source,
    make_statute,
)

pytestmark = pytest.mark.django_db


def _detail_pages():
    """One published item of each kind with a detail page, each citing a source."""
    items = {
        "agreement": make_agreement("Cited agreement", parties=[make_body()]),
        "body": make_body("Cited town"),
        "category": make_category("Cited service"),
        "statute": make_statute("CGS § 7-148cc", title="Joint performance"),
        "program": make_program("Cited program"),
        "page": make_page("Cited page"),
    }
    for kind, item in items.items():
        item.sources.add(make_source(f"Source for the {kind}", publisher="Hartford Courant",
                                     published_year=2013))  # fmt: skip
        item.record_notes = f"No source we found says when the {kind} began."
        item.save()
    return items


def test_each_detail_page_ends_with_notes_and_its_sources(client):
    for kind, item in _detail_pages().items():
        html = client.get(item.get_absolute_url()).content.decode()

        assert "Notes on this record" in html, kind
        assert f"No source we found says when the {kind} began." in html, kind
        sources_at = html.index('id="sources-heading"')
        assert f"Source for the {kind}</a></cite>. Hartford Courant, 2013." in html[sources_at:]
        # Nothing but the closing parts of the page follows the sources.
        assert "<h2" not in html[sources_at + 30 :], kind


def test_a_page_without_sources_says_so(client):
    agreement = make_agreement("Uncited agreement", parties=[make_body()])

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert "No source is cited for this page yet." in html
    assert "Notes on this record" not in html


def test_a_contact_shows_its_source_and_where_to_reach_them(client):
    program = make_program("Regional Performance Incentive Program", slug="rpip")
    contact = make_contact(
        "Robyn Nichols", programs=[program], title="Principal Program Manager",
        organization_url="https://crcog.org/",
    )  # fmt: skip
    contact.sources.add(make_source("CRCOG staff post"))

    html = client.get("/programs/rpip/").content.decode()

    assert "No verified e-mail or phone number. Start from" in html
    assert '<a href="https://crcog.org/">https://crcog.org/</a>, the main page' in html
    assert "CRCOG staff post" in html
