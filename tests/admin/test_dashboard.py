"""The admin index lists what needs attention: exactly the items of a crafted data set."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from agreements.models import Agreement, AgreementDocument, AgreementStatus
from linkcheck.models import LinkCheck, LinkStatus
from portal.dashboard import attention
from search.extract import TextStatus
from tests.factories import (
    make_agreement,
    make_complete_agreement,
    make_document,
    make_page,
    make_source,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def titles(section):
    return [label for label, _, _ in section.items]


def sections():
    """What a superuser's dashboard shows on TODAY."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get_or_create(
        username="boss", defaults={"is_staff": True, "is_superuser": True}
    )[0]
    return {section.title: section for section in attention(admin.site, request, today=TODAY)}


@pytest.fixture
def crafted(db):
    """One item for each reason to look, and its near miss that must not be listed."""
    items = {
        "review_soon": make_complete_agreement("Review soon", review_due=TODAY + datetime.timedelta(days=30)),
        "review_later": make_complete_agreement("Review later", review_due=TODAY + datetime.timedelta(days=91)),
        "review_past": make_complete_agreement("Review past", review_due=TODAY - datetime.timedelta(days=1)),
        "ends_soon": make_complete_agreement("Ends soon", end_date=TODAY + datetime.timedelta(days=10),
                                             start_year=2020, status=AgreementStatus.UNKNOWN),
        "ends_this_year": make_complete_agreement("Ends this year", end_year=2026, start_year=2020,
                                                  status=AgreementStatus.UNKNOWN),
        "ended_active": make_complete_agreement("Ended but active", end_year=2024, start_year=2020),
        "ended_expired": make_complete_agreement("Ended and expired", end_year=2024, start_year=2020,
                                                 status=AgreementStatus.EXPIRED),
        "no_source": make_agreement("Published without a source", categories=[]),
        "old_draft": make_agreement("Old draft", categories=[], published=False),
        "new_draft": make_agreement("New draft", categories=[], published=False),
    }  # fmt: skip
    Agreement.objects.filter(pk=items["old_draft"].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    old_page = make_page("Old draft page", published=False)
    type(old_page).objects.filter(pk=old_page.pk).update(
        created_at=F("created_at") - datetime.timedelta(days=40)
    )
    make_page("Sourced page").sources.add(make_source())
    # Every complete agreement has a document, but one: "Review soon".
    for key in ("review_later", "review_past", "ends_soon", "ends_this_year", "ended_active",
                "ended_expired", "no_source"):  # fmt: skip
        make_document(items[key])
    scanned = make_document(items["review_later"], title="Scanned minutes")
    AgreementDocument.objects.filter(pk=scanned.pk).update(text_status=TextStatus.NO_TEXT)
    now = timezone.now()
    LinkCheck.objects.create(url="https://gone.example.org/", status=LinkStatus.BROKEN,
                             http_status=404, checked_at=now, first_failed_at=now, failures=2)  # fmt: skip
    LinkCheck.objects.create(url="https://fine.example.org/", status=LinkStatus.OK,
                             http_status=200, checked_at=now)  # fmt: skip
    return items


def test_the_dashboard_lists_exactly_what_needs_attention(crafted):
    found = sections()

    due = found["Reviews and term ends in the next 90 days"]
    assert titles(due) == ["Review soon", "Ends soon", "Ends this year"]
    assert [detail for _, detail, _ in due.items] == [
        "review due December 26, 2026",
        "term ends December 6, 2026",
        "term ends December 31, 2026",
    ]
    assert titles(found["Past their end, still marked active"]) == ["Ended but active"]
    assert titles(found["Published, citing no source"]) == ["Published without a source"]
    without_documents = found["Published agreements without documents"]
    assert titles(without_documents) == ["Review soon"]
    assert titles(found["Drafts older than 30 days"]) == ["Old draft", "Old draft page"]
    assert titles(found["Documents whose text search cannot read"]) == ["Scanned minutes"]
    assert titles(found["Links that failed the last check"]) == ["https://gone.example.org/"]


def test_each_item_links_to_its_admin_page(crafted):
    due = sections()["Past their end, still marked active"]
    assert due.items[0][2] == f"/admin/agreements/agreement/{crafted['ended_active'].pk}/change/"


def test_long_sections_show_a_few_and_say_how_many_more(db):
    for number in range(12):
        make_agreement(f"Unsourced {number:02d}", categories=[])
    section = sections()["Published, citing no source"]
    assert section.total == 12 and len(section.items) == 8 and section.more == 4


def test_the_admin_index_shows_the_dashboard(superuser_client, crafted):
    html = superuser_client.get("/admin/").content.decode()
    assert '<h2 id="attention-heading">Needs attention</h2>' in html
    assert 'Past their end, still marked active <span class="attention-count">(1)</span>' in html
    assert f'href="/admin/agreements/agreement/{crafted["ended_active"].pk}/change/"' in html


def test_the_agreement_page_shows_term_end_and_review_due(client, db):
    upcoming = make_complete_agreement(
        "Upcoming", start_year=2024, end_date=TODAY.replace(year=2031),
        review_due=datetime.date(2029, 7, 1),
    )  # fmt: skip
    html = client.get(upcoming.get_absolute_url()).content.decode()
    assert "<dt>Term ends</dt>" in html and "November 26, 2031" in html
    assert "<dt>Review or renewal due</dt>" in html and "July 1, 2029" in html

    over = make_complete_agreement("Over", start_year=2001, end_year=2010)
    html = client.get(over.get_absolute_url()).content.decode()
    assert "<dt>Ended</dt>" in html and "Review or renewal due" not in html
