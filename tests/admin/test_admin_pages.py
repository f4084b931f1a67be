"""Every admin page loads for staff, shows the right editors, and Editors cannot manage users."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from agreements.models import Agreement, AgreementDocument, Party, PartyRole, SavingsClaim
from contacts.models import Contact, Program, Resource
from drafting.models import Clause
from linkcheck.models import LinkCheck, LinkStatus
from municipalities.models import BodyKind, PublicBody
from portal.models import SitePage
from search.models import Synonym
from services.models import ServiceCategory, ServiceKind
from sources.models import Source
from statutes.models import Statute
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_clause,
    make_contact,
    make_document,
    make_membership,
    make_page,
    make_program,
    make_resource,
    make_savings_claim,
    make_source,
    make_statute,
    make_synonym,
)

pytestmark = pytest.mark.django_db


def _full_agreement():
    town = make_body("Bolton")
    agreement = make_agreement(
        "Bolton regional building inspection",
        parties=[town, make_body("Andover")],
        statutes=[make_statute()],
    )
    make_document(agreement)
    make_savings_claim(agreement)
    agreement.sources.add(make_source())
    return agreement


def _district():
    district = make_body("Eastern Highlands Health District", kind=BodyKind.REGIONAL_AUTHORITY)
    make_membership(district, make_body("Mansfield"), joined_year=1997)
    district.sources.add(make_source())
    return district


def _with(obj, **related):
    """Fill many-to-many fields, which factories cannot take as keywords."""
    for name, objects in related.items():
        getattr(obj, name).set(objects)
    return obj


# One object per registered model, made with the factories; a newly registered model fails
# test_every_registered_model_has_a_factory until it is added here.
FACTORIES = {
    Group: lambda: Group.objects.create(name="Reviewers"),
    User: lambda: User.objects.create_user("someone", "someone@example.org", "pw"),
    SitePage: make_page,
    ServiceCategory: make_category,
    PublicBody: _district,
    Source: make_source,
    Statute: lambda: _with(make_statute(), categories=[make_category()]),
    Agreement: _full_agreement,
    AgreementDocument: lambda: make_document(make_agreement()),
    Program: lambda: _with(
        make_program("Regional Performance Incentive Program", acronym="RPIP"),
        statutes=[make_statute()],
    ),
    Contact: lambda: make_contact(programs=[make_program()]),
    Resource: make_resource,
    Synonym: make_synonym,
    Clause: make_clause,
    # Login throttling's records (django-axes): staff read them and delete one to unlock.
    AccessAttempt: lambda: AccessAttempt.objects.create(
        username="curator",
        ip_address="203.0.113.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    ),  # fmt: skip
    AccessLog: lambda: AccessLog.objects.create(
        username="curator",
        ip_address="203.0.113.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
    ),  # fmt: skip
    AccessFailureLog: lambda: AccessFailureLog.objects.create(
        username="curator",
        ip_address="203.0.113.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
    ),  # fmt: skip
    # Written by `manage.py check_links`; staff only read them.
    LinkCheck: lambda: LinkCheck.objects.create(
        url="https://town.example.org/gone",
        status=LinkStatus.BROKEN,
        http_status=404,
        checked_at=timezone.now(),
        failures=1,
    ),  # fmt: skip
}


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


REGISTERED = [pytest.param(model, id=model._meta.label) for model, _ in _registered()]
SEARCHABLE = [
    pytest.param(model, id=model._meta.label)
    for model, model_admin in _registered()
    if model_admin.search_fields
]
CONTENT_MODELS = [
    pytest.param(model, id=model._meta.label)
    for model, _ in _registered()
    if model._meta.app_label not in {"auth", "axes"}  # users and sign-in records: admins only
]
# Sign-in records are written by django-axes and link checks by check_links, never by hand.
ADDABLE = [
    param for param in REGISTERED if param.values[0]._meta.app_label not in {"axes", "linkcheck"}
]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _markdown_fields(model):
    return [field.name for field in model._meta.fields if isinstance(field, MarkdownxField)]


@pytest.fixture
def editor_client(client, django_user_model):
    call_command("create_editors_group", verbosity=0)
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_every_registered_model_has_a_factory():
    assert {model for model, _ in _registered()} == set(FACTORIES)


def test_content_models_are_all_registered():
    expected = {SitePage, ServiceCategory, PublicBody, Statute, Agreement, AgreementDocument}
    expected |= {Program, Contact, Resource, Source}

    assert expected <= set(admin.site._registry)


def test_admin_index_lists_the_content(superuser_client):
    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Curate the portal" in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED)
def test_changelist_loads(superuser_client, model):
    FACTORIES[model]()

    response = superuser_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", ADDABLE)
def test_add_page_loads(superuser_client, model):
    response = superuser_client.get(_url(model, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED)
def test_change_page_loads(superuser_client, model):
    obj = FACTORIES[model]()

    response = superuser_client.get(_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize("model", REGISTERED)
def test_delete_confirmation_page_loads(superuser_client, model):
    obj = FACTORIES[model]()

    response = superuser_client.get(_url(model, "delete", obj.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("model", SEARCHABLE)
def test_changelist_search_loads(superuser_client, model):
    FACTORIES[model]()

    response = superuser_client.get(_url(model, "changelist"), {"q": "x"})

    assert response.status_code == 200


def test_agreement_search_finds_a_party_name(superuser_client):
    wanted = make_agreement("Inspection", parties=[make_body("Willington")])
    make_agreement("Landfill", parties=[make_body("Windsor")])

    response = superuser_client.get(_url(Agreement, "changelist"), {"q": "Willington"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_agreement_search_lists_an_agreement_once_when_several_parties_match(superuser_client):
    wanted = make_agreement(parties=[make_body("East Windsor"), make_body("South Windsor")])

    response = superuser_client.get(_url(Agreement, "changelist"), {"q": "Windsor"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_agreement_changelist_filters_by_status(superuser_client):
    active = make_agreement(status="active")
    make_agreement(status="expired")

    response = superuser_client.get(_url(Agreement, "changelist"), {"status__exact": "active"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [active]


def test_agreement_changelist_filters_by_category(superuser_client):
    inspection = make_category("Building inspection")
    wanted = make_agreement(categories=[inspection])
    make_agreement()

    response = superuser_client.get(
        _url(Agreement, "changelist"), {"categories__id__exact": inspection.pk}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_body_changelist_filters_by_kind(superuser_client):
    town = make_body("Plainville")
    district = make_body("Plainville school district", kind=BodyKind.SCHOOL_DISTRICT, parent=town)

    response = superuser_client.get(
        _url(PublicBody, "changelist"), {"kind__exact": BodyKind.SCHOOL_DISTRICT}
    )

    assert list(response.context["cl"].result_list) == [district]


def test_body_changelist_filters_by_membership(superuser_client):
    make_body("Bolton", member=True)
    ashford = make_body("Ashford", member=False)

    response = superuser_client.get(_url(PublicBody, "changelist"), {"is_cog_member__exact": "0"})

    assert list(response.context["cl"].result_list) == [ashford]


def test_category_changelist_filters_by_kind(superuser_client):
    finance = make_category("Financial management", kind=ServiceKind.ADMINISTRATIVE)
    make_category("Animal control", kind=ServiceKind.COMMUNITY)

    response = superuser_client.get(
        _url(ServiceCategory, "changelist"), {"kind__exact": ServiceKind.ADMINISTRATIVE}
    )

    assert list(response.context["cl"].result_list) == [finance]


def test_changelist_filters_drafts(superuser_client):
    make_page("Published page")
    draft = make_page("Draft page", published=False)

    response = superuser_client.get(_url(SitePage, "changelist"), {"publication__exact": "draft"})

    assert list(response.context["cl"].result_list) == [draft]


def test_agreement_change_page_has_party_and_document_inlines(superuser_client):
    agreement = _full_agreement()

    response = superuser_client.get(_url(Agreement, "change", agreement.pk))

    inline_models = [inline.formset.model for inline in response.context["inline_admin_formsets"]]
    assert inline_models == [Party, SavingsClaim, AgreementDocument]


def test_agreement_change_page_shows_existing_parties_and_documents(superuser_client):
    agreement = _full_agreement()
    document = agreement.documents.get()

    response = superuser_client.get(_url(Agreement, "change", agreement.pk))

    html = response.content.decode()
    assert 'name="parties-TOTAL_FORMS"' in html
    assert 'name="documents-TOTAL_FORMS"' in html
    assert "Bolton" in html and "Andover" in html
    assert document.title in html


def test_agreement_change_page_offers_every_party_role(superuser_client):
    agreement = _full_agreement()

    response = superuser_client.get(_url(Agreement, "change", agreement.pk))

    html = response.content.decode()
    for role in PartyRole:
        assert f'value="{role.value}"' in html


MARKDOWN_ADMINS = [
    pytest.param(model, field, id=f"{model._meta.label}.{field}")
    for model, _ in _registered()
    for field in _markdown_fields(model)
]


def test_markdown_fields_are_found_to_check():
    found = {(model, field) for model, _ in _registered() for field in _markdown_fields(model)}

    assert found == {
        (SitePage, "body"),
        (ServiceCategory, "description"),
        (Statute, "summary"),
        (Agreement, "summary"),
        (Program, "description"),
        (Clause, "text"),
        (Clause, "guidance"),
    }


@pytest.mark.parametrize(("model", "field"), MARKDOWN_ADMINS)
def test_markdown_field_uses_the_markdownx_editor(superuser_client, model, field):
    response = superuser_client.get(_url(model, "add"))

    textarea = re.search(rf'<textarea name="{field}"[^>]*>', response.content.decode())
    assert textarea, f"no textarea for {field}"
    assert "markdownx-editor" in textarea.group(0)
    assert f'data-markdownx-urls-path="{reverse("markdownx_markdownify")}"' in textarea.group(0)
    assert f'data-markdownx-upload-urls-path="{reverse("markdownx_upload")}"' in textarea.group(0)


def test_markdown_editor_has_a_preview_area(superuser_client):
    response = superuser_client.get(_url(SitePage, "add"))

    assert '<div class="markdownx-preview">' in response.content.decode()


def test_published_object_links_to_its_public_page(superuser_client):
    page = make_page(slug="what-are-shared-services")

    response = superuser_client.get(_url(SitePage, "change", page.pk))

    assert "View on site" in response.content.decode()


def test_draft_object_links_to_its_preview_on_the_site(superuser_client):
    page = make_page(published=False)

    response = superuser_client.get(_url(SitePage, "change", page.pk))

    assert "View on site" in response.content.decode()  # the staff-only preview


def test_editor_can_open_the_agreement_add_page(editor_client):
    response = editor_client.get(_url(Agreement, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_editor_can_open_every_content_changelist(editor_client, model):
    assert editor_client.get(_url(model, "changelist")).status_code == 200


def test_editor_cannot_open_the_user_list(editor_client):
    response = editor_client.get("/admin/auth/user/")

    assert response.status_code == 403


def test_editor_cannot_open_the_group_list(editor_client):
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editor_cannot_add_a_user(editor_client):
    assert editor_client.get("/admin/auth/user/add/").status_code == 403


def test_staff_without_a_group_cannot_open_the_agreement_add_page(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(user)

    assert client.get(_url(Agreement, "add")).status_code == 403


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(_url(Agreement, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
