"""Anonymous pages come from the cache until anything they show changes (portal.pagecache)."""

import pytest
from django.db import transaction
from django.test import Client

from agreements.models import Agreement
from portal.models import PublicationStatus
from tests.factories import make_agreement, make_body, make_complete_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _say_hit_or_miss(settings):
    settings.PAGE_CACHE_HEADER = True


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

    # Staff first: what they see is not stored for the visitor...
    assert served(staff, "/agreements/animal/")[1] is None
    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "X-Page-Cache" not in preview
    assert served(visitor, "/agreements/animal/")[1] == "miss"
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    # ...and what the visitor left in the cache is not served to staff.
    assert served(staff, "/agreements/animal/")[1] is None


def test_a_page_with_a_message_or_a_cookie_that_changes_it_is_not_cached(visitor):
    make_agreement("Joint animal control", slug="animal")
    served(visitor, "/agreements/animal/")
    assert served(visitor, "/agreements/")[1] == "miss"

    # An unknown filter redirects to the library with a message: shown, not the cached page.
    warned = visitor.get("/agreements/?category=nothing-like-it", follow=True)
    assert "There is no service “nothing-like-it”" in warned.content.decode()
    assert "X-Page-Cache" not in warned
    # The message was shown once and its cookie expired (the test client keeps expired ones).
    assert warned.cookies["messages"]["max-age"] == 0
    del visitor.cookies["messages"]
    assert served(visitor, "/agreements/")[1] == "hit"

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


def test_an_anonymous_download_or_a_staff_login_leaves_the_cache_alone(visitor, staff, client):
    from tests.factories import make_document

    agreement = make_agreement("Joint animal control", slug="animal")
    document = make_document(agreement)
    served(visitor, "/agreements/animal/")

    assert visitor.get(document.get_absolute_url()).status_code == 200  # counted, not content
    client.post("/admin/login/", {"username": "curator", "password": "pw"})

    assert served(visitor, "/agreements/animal/")[1] == "hit"


def test_head_and_long_query_strings_are_made_afresh(visitor):
    make_agreement("Joint animal control", slug="animal")
    served(visitor, "/agreements/")
    assert visitor.head("/agreements/").status_code == 200
    assert "X-Page-Cache" not in visitor.head("/agreements/")

    junk = "/agreements/?sort=title&x=" + "a" * 400
    assert served(visitor, junk)[1] is None and served(visitor, junk)[1] is None


def test_the_header_is_sent_only_when_asked_for(visitor, settings):
    settings.PAGE_CACHE_HEADER = False
    make_agreement("Joint animal control", slug="animal")

    assert served(visitor, "/agreements/animal/")[1] is None
    assert served(visitor, "/agreements/animal/")[1] is None  # a hit, but not said


def test_a_cache_that_is_down_fails_no_page(visitor, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    agreement = make_agreement("Joint animal control", slug="animal")

    page, how = served(visitor, "/agreements/animal/")
    assert "Joint animal control" in page and how is None
    agreement.title = "Regional animal control"
    agreement.save()  # the bump fails, and is logged, not raised
    assert "Regional animal control" in served(visitor, "/agreements/animal/")[0]
    assert "page cache cannot be read" in caplog.text
