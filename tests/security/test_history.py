"""History that loses nothing: who changed what, when and why; restore a version; recover
what was deleted (django-simple-history)."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementDocument
from contacts.models import Contact, Program, Resource
from municipalities.models import PublicBody
from portal.models import SitePage
from services.models import ServiceCategory
from sources.models import Source
from statutes.models import Statute
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = {
    Agreement: lambda: factories.make_agreement(),
    AgreementDocument: lambda: factories.make_document(factories.make_agreement()),
    PublicBody: factories.make_body,
    ServiceCategory: factories.make_category,
    Statute: factories.make_statute,
    Program: factories.make_program,
    Contact: factories.make_contact,
    Resource: factories.make_resource,
    Source: factories.make_source,
    SitePage: factories.make_page,
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_content_model_keeps_its_history(model):
    obj = MODELS[model]()
    title_field = next(f for f in ("title", "name") if hasattr(obj, f))
    setattr(obj, title_field, "Renamed")
    obj.save()

    versions = list(obj.history.order_by("history_date"))
    assert versions[0].history_type == "+" and versions[-1].history_type == "~"
    assert getattr(versions[-1], title_field) == "Renamed"


def category_form(category, **changes):
    data = {
        "name": category.name, "slug": category.slug, "kind": category.kind,
        "summary": category.summary, "description": category.description,
        "order": category.order, "publication": category.publication, "record_notes": "",
    }  # fmt: skip
    return data | changes


def test_staff_see_who_changed_what_when_and_why(admin_client, admin_user):
    category = factories.make_category("Animal control")
    url = reverse("admin:services_servicecategory_change", args=[category.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="change_reason"' in form

    response = admin_client.post(
        url, category_form(category, name="Animal services", change_reason="Renamed by vote")
    )

    assert response.status_code == 302
    latest = category.history.latest("history_date")
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Renamed by vote"
    history = admin_client.get(
        reverse("admin:services_servicecategory_history", args=[category.pk])
    )
    html = history.content.decode()
    assert "Renamed by vote" in html
    assert "Animal control" in html and "Animal services" in html  # the change, old and new


def test_staff_restore_an_earlier_version(admin_client):
    category = factories.make_category("Animal control", summary="Dogs and cats.")
    first = category.history.get()
    category.summary = "Mistake."
    category.save()

    version_url = reverse(
        "admin:services_servicecategory_simple_history", args=[category.pk, first.history_id]
    )
    page = admin_client.get(version_url)
    assert page.status_code == 200 and "Dogs and cats." in page.content.decode()
    response = admin_client.post(
        version_url, category_form(first.instance, change_reason="Undo the mistake")
    )

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.summary == "Dogs and cats."


def test_a_deleted_item_is_listed_and_recovered(admin_client):
    category = factories.make_category("Animal control", summary="Dogs and cats.")
    pk = category.pk
    delete_url = reverse("admin:services_servicecategory_delete", args=[pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not ServiceCategory.objects.filter(pk=pk).exists()

    changelist = admin_client.get(reverse("admin:services_servicecategory_changelist"))
    deleted_url = reverse("admin:services_servicecategory_deleted")
    assert deleted_url in changelist.content.decode()
    deleted = admin_client.get(deleted_url).content.decode()
    assert "Animal control" in deleted
    last = ServiceCategory.history.filter(id=pk, history_type="~").first() or (
        ServiceCategory.history.filter(id=pk, history_type="+").get()
    )
    version_url = reverse(
        "admin:services_servicecategory_simple_history", args=[pk, last.history_id]
    )
    assert version_url in deleted

    response = admin_client.post(
        version_url, category_form(last.instance, change_reason="Deleted by mistake")
    )

    assert response.status_code == 302
    restored = ServiceCategory.objects.get(pk=pk)
    assert restored.summary == "Dogs and cats."
    assert (
        "Nothing of this kind has been deleted." in admin_client.get(deleted_url).content.decode()
    )


def test_the_public_cannot_see_history(client):
    category = factories.make_category("Animal control")
    url = reverse("admin:services_servicecategory_history", args=[category.pk])

    assert client.get(url).status_code == 302  # to the sign-in page


def test_bulk_publish_from_the_list_leaves_a_version_per_item(admin_client, admin_user):
    categories = [factories.make_category(published=False) for _ in range(3)]
    changelist = reverse("admin:services_servicecategory_changelist")

    admin_client.post(
        changelist, {"action": "publish", "_selected_action": [c.pk for c in categories]}
    )

    for category in categories:
        latest = category.history.latest("history_date")
        assert latest.publication == "published"
        assert latest.history_user == admin_user
        assert latest.history_change_reason == "Published from the list"
