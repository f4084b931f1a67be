"""Drafts are work in progress: saved with a title alone, published only when complete, and
previewed by staff on their real public page."""

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, PartyRole
from portal.models import PublicationStatus
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_complete_agreement,
    make_page,
    make_source,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/agreements/agreement/add/"
EMPTY_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("parties", "savings_claims", "documents")
    for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                        ("MAX_NUM_FORMS", "1000"))
}  # fmt: skip


def form(title, publication="draft", **fields):
    return {
        "title": title, "slug": "", "summary": "", "publication": publication,
        "status": "unknown", "start_year": "", "start_date": "", "end_year": "", "end_date": "",
        "governance": "", "governance_detail": "", "cost_sharing": "", "legal_basis": "",
        "record_notes": "", **EMPTY_INLINES, **fields,
    }  # fmt: skip


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_a_draft_saves_with_only_a_title(superuser_client):
    response = superuser_client.post(ADD, form("Coventry and Mansfield: animal shelter"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement = Agreement.objects.get()
    assert agreement.slug == "coventry-and-mansfield-animal-shelter"
    assert agreement.publication == PublicationStatus.DRAFT


def test_the_empty_party_rows_of_the_form_are_ignored(superuser_client):
    data = form("Half-done sharing") | {
        "parties-TOTAL_FORMS": "2", "parties-0-body": "", "parties-0-role": "",
        "parties-1-body": "", "parties-1-role": "",
    }  # fmt: skip
    assert superuser_client.post(ADD, data).status_code == 302


def test_titles_make_distinct_slugs_and_avoid_the_tools_addresses(superuser_client):
    for title in ("Shared clerk", "Shared clerk", "Compare"):
        superuser_client.post(ADD, form(title))
    assert sorted(Agreement.objects.values_list("slug", flat=True)) == [
        "compare-agreement", "shared-clerk", "shared-clerk-2",
    ]  # fmt: skip


def test_publishing_an_incomplete_agreement_saves_it_as_a_draft_and_says_what_is_missing(
    superuser_client,
):
    response = superuser_client.post(ADD, form("Ready too soon", "published"), follow=True)

    agreement = Agreement.objects.get()
    assert agreement.publication == PublicationStatus.DRAFT
    # Back on the form, not the list: the work is there to finish.
    assert response.redirect_chain[-1][0] == reverse(
        "admin:agreements_agreement_change", args=[agreement.pk]
    )
    assert messages_of(response)[-1] == (
        "Your changes are saved, but “Ready too soon” stays a draft until you choose at least "
        "one published service category; add at least one party whose body is published; cite "
        "at least one source."
    )
    assert agreement.history.first().history_change_reason == (
        "Kept as a draft: not ready to publish"
    )


def test_recipients_alone_do_not_make_an_agreement_publishable(superuser_client):
    agreement = make_agreement(
        "Who provides?", parties=[(make_body(), PartyRole.RECIPIENT)], published=False
    )
    agreement.sources.add(make_source())
    assert agreement.publication_problems() == [
        "say who leads, or mark the parties as partners who share it jointly"
    ]


def test_a_complete_agreement_publishes_from_the_form(superuser_client):
    source, category, town = make_source(), make_category(), make_body("Mansfield")
    data = form("Complete sharing", "published") | {
        "categories": [category.pk], "sources": [source.pk],
        "parties-TOTAL_FORMS": "1", "parties-0-body": town.pk, "parties-0-role": "lead",
    }  # fmt: skip
    response = superuser_client.post(ADD, data)
    assert response.status_code == 302
    assert Agreement.objects.get().publication == PublicationStatus.PUBLISHED


def test_the_publish_action_publishes_the_complete_and_names_what_the_others_lack(
    superuser_client,
):
    complete = make_complete_agreement("Complete one", published=False)
    bare = make_agreement("Bare one", categories=[], published=False)
    response = superuser_client.post(
        "/admin/agreements/agreement/",
        {"action": "publish", "_selected_action": [complete.pk, bare.pk]},
        follow=True,
    )
    complete.refresh_from_db()
    bare.refresh_from_db()
    assert complete.is_published and not bare.is_published
    assert messages_of(response) == [
        "“Bare one” stays a draft: choose at least one published service category; add at "
        "least one party whose body is published; cite at least one source.",
        "1 agreement published.",
    ]


def test_two_leads_and_a_repeated_title_are_pointed_out_on_save(superuser_client):
    make_agreement("Shared assessor", published=False)
    agreement = make_agreement(
        "Shared assessor 2", parties=[make_body("Avon"), (make_body("Canton"), PartyRole.LEAD)],
        published=False,
    )  # fmt: skip
    data = form("Shared Assessor") | {
        "slug": agreement.slug, "categories": [c.pk for c in agreement.categories.all()],
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "2",
    }  # fmt: skip
    for index, party in enumerate(agreement.parties.order_by("body__name")):
        data |= {f"parties-{index}-id": party.pk, f"parties-{index}-agreement": agreement.pk,
                 f"parties-{index}-body": party.body_id, f"parties-{index}-role": party.role}  # fmt: skip
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = superuser_client.post(url, data, follow=True)

    found = messages_of(response)
    assert any(m.startswith("2 parties lead it (Avon, Canton).") for m in found)
    assert any(
        m.startswith("Another agreement has the same title: “Shared assessor”") for m in found
    )


# --- preview ---------------------------------------------------------------------------------


def test_staff_preview_a_draft_on_its_public_page_bannered_uncached_and_unindexed(
    superuser_client,
):
    draft = make_agreement("Secret sharing draft", published=False)

    assert Client().get(draft.get_absolute_url()).status_code == 404  # the public
    response = superuser_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft — not public." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Cookie" in response["Vary"]


def test_a_published_page_seen_by_staff_is_not_marked_as_a_draft(superuser_client):
    agreement = make_complete_agreement("Public sharing")
    response = superuser_client.get(agreement.get_absolute_url())
    assert "Draft — not public." not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_staff_without_permission_to_view_a_model_cannot_preview_it(client, django_user_model):
    staff = django_user_model.objects.create_user("someone", password="pw", is_staff=True)
    client.force_login(staff)
    draft = make_agreement("Secret sharing draft", published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["category", "body", "page"])
def test_every_kind_of_draft_page_can_be_previewed(superuser_client, kind):
    obj = {
        "category": lambda: make_category("Draft service", published=False),
        "body": lambda: make_body("Draftville", published=False),
        "page": lambda: make_page("Draft page", slug="draft-page", published=False),
    }[kind]()
    assert Client().get(obj.get_absolute_url()).status_code == 404
    assert "Draft — not public." in superuser_client.get(obj.get_absolute_url()).content.decode()


def test_view_on_site_in_the_admin_leads_to_the_preview(superuser_client):
    draft = make_agreement("Secret sharing draft", published=False)
    change = superuser_client.get(reverse("admin:agreements_agreement_change", args=[draft.pk]))
    assert "View on site" in change.content.decode()
    redirect = superuser_client.get(change.context["original"].get_absolute_url())
    assert redirect.status_code == 200


def test_drafts_among_its_categories_and_parties_do_not_make_it_publishable(db):
    agreement = make_agreement(
        "Only drafts around it",
        categories=[make_category(published=False)],
        parties=[make_body(published=False)],
        published=False,
    )
    agreement.sources.add(make_source())
    assert agreement.publication_problems() == [
        "choose at least one published service category",
        "add at least one party whose body is published",
    ]


def test_an_edit_that_leaves_a_published_agreement_incomplete_says_it_went_off_the_site(
    superuser_client,
):
    agreement = make_complete_agreement("Was public")
    party = agreement.parties.get()
    data = form("Was public", "published") | {
        "slug": agreement.slug,
        "categories": [c.pk for c in agreement.categories.all()],
        "sources": [s.pk for s in agreement.sources.all()],
        "parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "1",
        "parties-0-id": party.pk, "parties-0-agreement": agreement.pk,
        "parties-0-body": party.body_id, "parties-0-role": party.role, "parties-0-DELETE": "on",
    }  # fmt: skip
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = superuser_client.post(url, data, follow=True)

    agreement.refresh_from_db()
    assert not agreement.is_published
    assert messages_of(response)[-1] == (
        "Your changes are saved, and they took “Was public” off the public site: it is a draft "
        "again until you add at least one party whose body is published, and publish it again."
    )


@pytest.fixture
def viewer_client(client, django_user_model):
    """Staff who may view agreements (and so preview them), and nothing else."""
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_agreement"))
    client.force_login(viewer)
    return client


def test_staff_who_may_only_view_cannot_publish_or_unpublish(viewer_client):
    live = make_complete_agreement("Live one")
    changelist = viewer_client.get("/admin/agreements/agreement/").content.decode()
    assert 'value="publish"' not in changelist and 'value="unpublish"' not in changelist

    viewer_client.post(
        "/admin/agreements/agreement/", {"action": "unpublish", "_selected_action": [live.pk]}
    )
    live.refresh_from_db()
    assert live.is_published


def test_the_dashboard_shows_only_what_the_user_may_view(viewer_client):
    make_agreement("Old secret draft", categories=[], published=False)
    make_page("A page they may not view", published=False)
    html = viewer_client.get("/admin/").content.decode()
    assert "Past their end, still marked active" in html  # agreements: they may view them
    assert "Documents whose text search cannot read" not in html
    assert "Links that failed the last check" not in html
    assert "A page they may not view" not in html


def test_a_draft_preview_offers_no_public_tools_and_serves_documents_to_staff(superuser_client):
    from tests.factories import make_document

    draft = make_agreement("Draft with a file", published=False)
    document = make_document(draft)
    html = superuser_client.get(draft.get_absolute_url()).content.decode()
    assert "Add to comparison" not in html and "Start a draft based on" not in html
    staff_file = reverse("admin:agreements_agreementdocument_file", args=[document.pk])
    assert f'href="{staff_file}"' in html
    assert superuser_client.get(staff_file).status_code == 200


def test_an_overdue_review_is_marked(superuser_client):
    import datetime

    agreement = make_complete_agreement("Overdue", review_due=datetime.date(2020, 1, 1))
    html = Client().get(agreement.get_absolute_url()).content.decode()
    assert "January 1, 2020" in html and "(overdue)" in html


def test_public_pages_without_a_session_do_not_vary_on_cookies(db):
    response = Client().get("/")
    assert "Cookie" not in response.get("Vary", "")
