"""Atom feeds of new and updated agreements: site-wide, per service and per town."""

import datetime

import pytest
from django.utils import timezone

from agreements.models import Agreement
from portal import pagecache
from tests.factories import make_agreement, make_body, make_category
from tests.feeds.conftest import ATOM, atom, count_queries, entries, entry_titles

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/agreements/",
    "/feeds/services/building-inspection/",
    "/feeds/municipalities/bolton/",
]


def test_site_feed_is_atom_with_absolute_links(client, catalogue):
    feed = atom(client.get("/feeds/agreements/"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title").startswith("New and updated agreements")
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/feeds/agreements/"
    for entry in entries(feed):
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith("http://testserver/agreements/")
        assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,")
        for element in ("updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{element}"), element


def test_site_feed_lists_the_newest_change_first(client, catalogue):
    old = timezone.now() - datetime.timedelta(days=30)
    Agreement.objects.filter(pk=catalogue["landfill"].pk).update(updated_at=old)
    feed = atom(client.get("/feeds/agreements/"))
    assert entry_titles(feed) == ["Bolton building inspection", "Andover landfill"]
    Agreement.objects.filter(pk=catalogue["landfill"].pk).update(updated_at=timezone.now())
    pagecache.bump()  # update() sends no signal, so nothing told the page cache; the admin does
    feed = atom(client.get("/feeds/agreements/"))
    assert entry_titles(feed) == ["Andover landfill", "Bolton building inspection"]


def test_entry_dates_are_the_records_created_and_updated_times(client, catalogue):
    created = datetime.datetime(2021, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    updated = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    Agreement.objects.filter(pk=catalogue["landfill"].pk).update(
        created_at=created, updated_at=updated
    )
    feed = atom(client.get("/feeds/services/waste-management/"))
    [entry] = entries(feed)
    assert entry.findtext(f"{ATOM}published") == "2021-05-04T03:02:01+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2024-01-02T03:04:05+00:00"


@pytest.mark.parametrize("url", FEEDS)
def test_draft_agreement_is_never_in_a_feed(client, catalogue, url):
    response = client.get(url)
    assert "Secret draft agreement" not in entry_titles(atom(response))
    assert b"secret-draft-agreement" not in response.content


@pytest.mark.parametrize("url", FEEDS)
def test_entry_names_only_published_parties_and_categories(client, catalogue, url):
    response = client.get(url)
    feed = atom(response)
    [entry] = [e for e in entries(feed) if e.findtext(f"{ATOM}title").startswith("Bolton")]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Building inspection"]
    assert "Bolton" in entry.findtext(f"{ATOM}summary")
    assert b"Hiddenville" not in response.content
    assert b"Secret category" not in response.content


def test_entry_summary_is_plain_text_built_from_the_fields(client, catalogue):
    feed = atom(client.get("/feeds/services/building-inspection/"))
    [entry] = entries(feed)
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Escaped once for HTML: the reader shows "&" and no markup survives from the Markdown.
    assert summary.text == (
        "Ended. Parties: Bolton (lead) and Andover. Began in 2015; ended in 2020. "
        "Bolton inspects decks &amp; additions."
    )


def test_markup_in_a_summary_reaches_the_reader_as_text(client, catalogue):
    make_agreement(
        "Scripted",
        categories=[catalogue["waste"]],
        summary='Fees < $5 <script>alert("x")</script><b onclick="x()">bold</b>',
    )
    feed = atom(client.get("/feeds/services/waste-management/"))
    summaries = [e.findtext(f"{ATOM}summary") for e in entries(feed)]
    [summary] = [text for text in summaries if "Fees" in text]
    assert "<" not in summary and "alert" not in summary and "onclick" not in summary
    assert "Fees &lt; $5" in summary and "bold" in summary


def test_category_feed_lists_exactly_the_category_agreements(client, catalogue):
    feed = atom(client.get("/feeds/services/waste-management/"))
    assert entry_titles(feed) == ["Andover landfill"]
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver/services/waste-management/"
    )


def test_town_feed_lists_exactly_the_agreements_the_town_takes_part_in(client, catalogue):
    assert entry_titles(atom(client.get("/feeds/municipalities/bolton/"))) == [
        "Bolton building inspection"
    ]
    assert sorted(entry_titles(atom(client.get("/feeds/municipalities/andover/")))) == [
        "Andover landfill",
        "Bolton building inspection",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/services/secret-category/",
        "/feeds/municipalities/hiddenville/",
        "/feeds/services/no-such-service/",
        "/feeds/municipalities/no-such-town/",
    ],
)
def test_feed_of_a_draft_or_unknown_category_or_town_is_not_found(client, catalogue, url):
    assert client.get(url).status_code == 404


def test_entry_id_survives_a_change_of_slug(client, catalogue):
    def ids():
        return {e.findtext(f"{ATOM}id") for e in entries(atom(client.get("/feeds/agreements/")))}

    before = ids()
    Agreement.objects.filter(pk=catalogue["landfill"].pk).update(slug="andover-transfer-station")
    assert ids() == before


def test_feed_holds_the_fifty_newest_changes(client, db):
    category = make_category(slug="paving")
    for _ in range(51):
        make_agreement(categories=[category])
    oldest = Agreement.objects.order_by("updated_at", "pk").first()
    titles = entry_titles(atom(client.get("/feeds/services/paving/")))
    assert len(titles) == 50 and oldest.title not in titles


def _add_agreements(count, category, town):
    for _ in range(count):
        make_agreement(
            categories=[category, make_category()],
            parties=[town, make_body(), make_body(published=False)],
            summary="Shared *work*.",
        )


@pytest.mark.parametrize("url", FEEDS)
def test_feed_query_count_does_not_grow_with_the_entries(client, db, url):
    category = make_category("Building inspection", slug="building-inspection")
    town = make_body("Bolton")
    _add_agreements(3, category, town)
    with_3 = count_queries(client, url)
    _add_agreements(30, category, town)
    assert count_queries(client, url) == with_3 <= 5
