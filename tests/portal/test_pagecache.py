"""Anonymous pages come from the cache until anything they show changes (portal.pagecache)."""

import pytest
from django.db import transaction
from django.test import Client

from agreements.models import Agreement
from portal.models import PublicationStatus
from tests.factories import make_agreement, make_body, make_complete_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def staff(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def served(client, url):
    """The page's HTML and where it came from ("hit", "miss", or None: not cacheable)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Page-Cache")


def test_a_second_anonymous_request_is_served_from_the_cache(visitor):
    make_agreement("Joint animal control", slug="animal")

    first, how = served(visitor, "/agreements/animal/")
    assert how == "miss" and "Joint animal control" in first

    with pytest.MonkeyPatch.context() as patch:
        # A hit runs no view: a view that would fail shows it was not run.
        patch.setattr("agreements.views.AgreementDetailView.get", lambda *a, **k: 1 / 0)
        again, how = served(visitor, "/agreements/animal/")
    assert how == "hit" and again == first


def test_publishing_an_edit_unpublishing_and_deleting_show_on_the_next_request(visitor):
    agreement = make_agreement("Joint animal control", slug="animal", published=False)
    assert "Joint animal control" not in served(visitor, "/agreements/")[0]

    agreement.publication = PublicationStatus.PUBLISHED
    agreement.save()
    assert "Joint animal control" in served(visitor, "/agreements/")[0]

    agreement.title = "Regional animal control"
    agreement.save()
    page, how = served(visitor, "/agreements/")
    assert how == "miss" and "Regional animal control" in page

    agreement.publication = PublicationStatus.DRAFT
    agreement.save()
    assert "Regional animal control" not in served(visitor, "/agreements/")[0]
    assert visitor.get("/agreements/animal/").status_code == 404

    agreement.publication = PublicationStatus.PUBLISHED
    agreement.save()
    assert "Regional animal control" in served(visitor, "/agreements/")[0]
    agreement.delete()
    assert "Regional animal control" not in served(visitor, "/agreements/")[0]


def test_a_renamed_party_shows_on_the_agreement_page_at_once(visitor):
    town = make_body("Bolton", slug="bolton")
    make_agreement("Joint animal control", slug="animal", parties=[town])
    assert "Bolton" in served(visitor, "/agreements/animal/")[0]

    town.name = "Town of Bolton"
    town.save()

    assert "Town of Bolton" in served(visitor, "/agreements/animal/")[0]


def test_a_change_shows_only_once_its_transaction_commits(visitor):
    agreement = make_agreement("Joint animal control", slug="animal")
    served(visitor, "/agreements/animal/")
    with transaction.atomic():
        agreement.title = "Regional animal control"
        agreement.save()
        # Not yet committed: the cached page is still the truth others see.
        assert served(visitor, "/agreements/animal/")[1] == "hit"
    assert "Regional animal control" in served(visitor, "/agreements/animal/")[0]


def test_the_admins_bulk_publish_which_sends_no_signal_shows_at_once(visitor, staff):
    agreement = make_complete_agreement("Joint animal control", published=False)
    assert "Joint animal control" not in served(visitor, "/agreements/")[0]
    assert served(visitor, "/agreements/")[1] == "hit"

    staff.post(
        "/admin/agreements/agreement/",
        {"action": "publish", "_selected_action": [agreement.pk]},
    )

    assert Agreement.objects.get(pk=agreement.pk).publication == PublicationStatus.PUBLISHED
    assert "Joint animal control" in served(visitor, "/agreements/")[0]


def test_staff_never_get_a_cached_page_nor_leave_one(visitor, staff):
    make_agreement("Joint animal control", slug="animal")
    draft = make_agreement("Secret draft", slug="secret", published=False)
    served(visitor, "/agreements/animal/")

    page, how = served(staff, "/agreements/animal/")
    assert how is None  # made afresh for them
    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "X-Page-Cache" not in preview

    assert visitor.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in served(visitor, "/agreements/")[0]


def test_a_page_with_a_message_or_a_cookie_that_changes_it_is_not_cached(visitor):
    make_agreement("Joint animal control", slug="animal")
    served(visitor, "/agreements/animal/")

    visitor.cookies["compare"] = "animal"
    assert served(visitor, "/agreements/animal/")[1] is None


def test_a_page_whose_form_uses_the_csrf_token_is_never_stored(visitor):
    make_agreement("Joint animal control", slug="animal")
    url = "/agreements/draft/?from=animal"

    first = visitor.get(url)
    assert first.status_code == 200 and "csrftoken" in first.cookies
    # With the cookie set now, the page's token is this visitor's: still never shared.
    again = visitor.get(url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in again


def test_no_caching_when_page_cache_seconds_is_zero(visitor, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_agreement("Joint animal control", slug="animal")

    assert served(visitor, "/agreements/animal/")[1] is None
    assert served(visitor, "/agreements/animal/")[1] is None


def test_errors_exports_and_the_api_are_not_cached(visitor):
    make_agreement("Joint animal control", slug="animal")
    for url in ["/agreements/nothing-here/", "/agreements/export.csv", "/api/v1/agreements/"]:
        visitor.get(url)
        assert "X-Page-Cache" not in visitor.get(url), url
