"""Staff curate the clause library in the admin; a clause the builder could not fill is refused."""

import pytest

from drafting.models import Clause, Topic
from portal.models import PublicationStatus
from tests.drafting.conftest import make_clause

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/drafting/clause/add/"


def _clause_form(**changes):
    return {
        "title": "Data sharing",
        "slug": "data-sharing",
        "topic": Topic.GENERAL,
        "option": "",
        "order": "50",
        "publication": PublicationStatus.DRAFT,
        "text": "{lead} shares the Service's data with {parties}.",
        "guidance": "Ask counsel.",
        "statute": "",
        "citation": "",
        "change_reason": "",
        **changes,
    }


def test_admin_refuses_an_unknown_placeholder_and_names_it(staff_client):
    response = staff_client.post(ADD_URL, _clause_form(text="Signed by {mayor} and {clerk}."))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unknown placeholders: {mayor}, {clerk}." in html
    assert "{notice_months}" in html  # the allowed ones are listed
    assert not Clause.objects.filter(slug="data-sharing").exists()


def test_admin_refuses_attribute_access_and_stray_braces(staff_client):
    response = staff_client.post(ADD_URL, _clause_form(text="{lead.__class__} and {oops"))

    assert "Unmatched or malformed braces" in response.content.decode()
    assert not Clause.objects.filter(slug="data-sharing").exists()


def test_admin_refuses_an_option_of_another_topic(staff_client):
    response = staff_client.post(ADD_URL, _clause_form(topic=Topic.COSTS, option="arbitration"))

    assert "is not a choice of this topic" in response.content.decode()


def test_admin_saves_a_clause_with_known_placeholders(staff_client):
    response = staff_client.post(ADD_URL, _clause_form(text="{lead} leads; {{braces}} stay."))

    assert response.status_code == 302
    clause = Clause.objects.get(slug="data-sharing")
    assert clause.publication == PublicationStatus.DRAFT
    assert clause.history.count() == 1


def test_admin_add_page_uses_the_markdown_editor_and_groups_options_by_topic(staff_client):
    html = staff_client.get(ADD_URL).content.decode()

    assert "markdownx" in html
    assert '<optgroup label="Cost allocation">' in html


def test_admin_list_filters_by_topic_and_searches_text(staff_client):
    make_clause("Findable clause", topic=Topic.DISPUTES, option="court", text="Unusual words.")

    by_topic = staff_client.get("/admin/drafting/clause/", {"topic": "disputes", "q": "unusual"})

    assert by_topic.status_code == 200
    assert "Findable clause" in by_topic.content.decode()
