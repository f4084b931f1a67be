"""Behaviour shared by the public models: names, addresses, publication and unique slugs."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from agreements.models import Agreement
from contacts.models import Program, Resource
from drafting.models import Clause
from municipalities.models import BodyKind, PublicBody
from portal.models import PublicationStatus, Publishable, SitePage
from services.models import ServiceCategory
from statutes.models import Statute
from tests.factories import (
    PUBLIC_FACTORIES,
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_page,
    make_program,
    make_resource,
    make_statute,
)

pytestmark = pytest.mark.django_db

# Every model the public sees, with the factory that makes one.
PUBLIC_MODELS = list(PUBLIC_FACTORIES.items())
PUBLIC_MODEL_IDS = [model.__name__ for model, _ in PUBLIC_MODELS]


# Publishable, but shown only inside another page (the draft builder's clauses): no slug URL.
NOT_PAGES = {Clause}


def test_every_publishable_model_is_listed_here():
    publishable = {
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    }
    assert publishable == {model for model, _ in PUBLIC_MODELS} | NOT_PAGES


@pytest.mark.parametrize(("model", "factory"), PUBLIC_MODELS, ids=PUBLIC_MODEL_IDS)
def test_published_excludes_drafts(model, factory):
    published = factory(published=True)
    draft = factory(published=False)

    visible = set(model.objects.published())

    assert published in visible
    assert draft not in visible


@pytest.mark.parametrize(("model", "factory"), PUBLIC_MODELS, ids=PUBLIC_MODEL_IDS)
def test_drafts_returns_only_drafts(model, factory):
    published = factory(published=True)
    draft = factory(published=False)

    drafts = set(model.objects.drafts())

    assert draft in drafts
    assert published not in drafts


@pytest.mark.parametrize(("model", "factory"), PUBLIC_MODELS, ids=PUBLIC_MODEL_IDS)
def test_new_objects_start_as_drafts(model, factory):
    fields = {"slug": "fresh-object"}
    if model is Statute:
        fields |= {"title": "A statute", "citation": ""}
    elif model in {SitePage, Agreement, Resource}:
        fields |= {"title": "Fresh object"}
    else:
        fields |= {"name": "Fresh object"}
    if model is ServiceCategory:
        fields["kind"] = "community"
    elif model is PublicBody:
        fields["kind"] = BodyKind.MUNICIPALITY
    elif model is Resource:
        fields["url"] = "https://example.org/"

    obj = model.objects.create(**fields)

    assert obj.publication == PublicationStatus.DRAFT
    assert obj.is_published is False


@pytest.mark.parametrize(("model", "factory"), PUBLIC_MODELS, ids=PUBLIC_MODEL_IDS)
def test_slug_is_unique(model, factory):
    factory(None, slug="same-slug")

    with pytest.raises(IntegrityError), transaction.atomic():
        factory(None, slug="same-slug")


@pytest.mark.parametrize(("model", "factory"), PUBLIC_MODELS, ids=PUBLIC_MODEL_IDS)
def test_natural_key_finds_the_object_by_slug(model, factory):
    obj = factory(slug="natural-key")

    assert obj.natural_key() == ("natural-key",)
    assert model.objects.get_by_natural_key("natural-key") == obj


@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (make_page, "/about/the-slug/"),
        (make_category, "/services/the-slug/"),
        (make_body, "/municipalities/the-slug/"),
        (make_statute, "/statutes/the-slug/"),
        (make_agreement, "/agreements/the-slug/"),
        (make_program, "/programs/the-slug/"),
        (make_contact, "/programs/#contact-the-slug"),
        (make_resource, "/programs/#resource-the-slug"),
    ],
    ids=PUBLIC_MODEL_IDS,
)
def test_absolute_url_points_at_the_public_page(factory, url):
    assert factory(slug="the-slug").get_absolute_url() == url


def test_site_page_str_is_its_title():
    assert str(make_page("What are shared services?")) == "What are shared services?"


def test_category_str_is_its_name():
    assert str(make_category("Animal control")) == "Animal control"


def test_body_str_is_its_name():
    assert str(make_body("West Hartford")) == "West Hartford"


def test_statute_str_is_its_citation():
    assert str(make_statute("CGS § 7-148cc", title="Joint performance")) == "CGS § 7-148cc"


def test_statute_without_citation_is_named_by_its_title():
    statute = make_statute("", title="An Act Concerning Regionalism")

    assert str(statute) == "An Act Concerning Regionalism"


def test_program_str_adds_its_acronym():
    program = make_program("Regional Performance Incentive Program", acronym="RPIP")

    assert str(program) == "Regional Performance Incentive Program (RPIP)"


def test_program_without_acronym_is_named_plainly():
    assert str(make_program("Capitol Region Purchasing Council")) == (
        "Capitol Region Purchasing Council"
    )


def test_contact_str_is_their_name():
    assert str(make_contact("Robyn Nichols")) == "Robyn Nichols"


def test_resource_str_is_its_title():
    assert str(make_resource("Shared Services Toolkit")) == "Shared Services Toolkit"


def test_category_name_is_unique():
    make_category("Animal control", slug="animal-control")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_category("Animal control", slug="animal-control-2")


def test_body_name_is_unique():
    make_body("Bolton", slug="bolton")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_body("Bolton", slug="bolton-2")


def test_statute_citation_is_unique_in_the_database():
    make_statute("CGS § 7-148cc", slug="first")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_statute("CGS § 7-148cc", slug="second")


def test_statute_citation_duplicate_fails_validation_with_a_clear_message():
    make_statute("CGS § 7-148cc", slug="first")
    duplicate = Statute(citation="CGS § 7-148cc", slug="second", title="Same law again")

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()

    assert "Another statute already has this citation." in raised.value.messages


def test_several_statutes_may_have_no_citation_yet():
    make_statute("", title="Unverified act one", slug="one")
    make_statute("", title="Unverified act two", slug="two")

    assert Statute.objects.filter(citation="").count() == 2


def test_statute_without_citation_passes_validation_beside_another():
    make_statute("", title="Unverified act one", slug="one")

    Statute(citation="", slug="two", title="Unverified act two").full_clean()


def test_school_district_without_a_town_fails_validation():
    district = PublicBody(
        name="Mansfield school district", slug="mansfield-sd", kind=BodyKind.SCHOOL_DISTRICT
    )

    with pytest.raises(ValidationError) as raised:
        district.full_clean()

    assert "parent" in raised.value.message_dict


def test_school_district_belonging_to_a_town_passes_validation():
    town = make_body("Mansfield")
    district = PublicBody(
        name="Mansfield school district",
        slug="mansfield-sd",
        kind=BodyKind.SCHOOL_DISTRICT,
        parent=town,
    )

    district.full_clean()


def test_body_cannot_belong_to_itself():
    town = make_body("Plainville")
    town.parent = town

    with pytest.raises(ValidationError) as raised:
        town.full_clean()

    assert raised.value.message_dict["parent"] == [
        "A body cannot belong to itself, directly or through another body."
    ]


def test_bodies_cannot_belong_to_each_other():
    first = make_body("First authority", kind=BodyKind.REGIONAL_AUTHORITY)
    second = make_body("Second authority", kind=BodyKind.REGIONAL_AUTHORITY, parent=first)
    first.parent = second

    with pytest.raises(ValidationError) as raised:
        first.full_clean()

    assert "directly or through another body" in raised.value.message_dict["parent"][0]


def test_town_with_a_school_district_cannot_be_deleted():
    town = make_body("West Hartford")
    make_body("West Hartford school district", kind=BodyKind.SCHOOL_DISTRICT, parent=town)

    with pytest.raises(ProtectedError), transaction.atomic():
        town.delete()


@pytest.mark.parametrize(
    "model", [SitePage, ServiceCategory, Statute, Program, Resource], ids=lambda m: m.__name__
)
def test_lists_are_ordered_by_order_before_name(model):
    factory = dict(PUBLIC_MODELS)[model]
    second = factory("Alpha", order=2)
    first = factory("Zulu", order=1)

    assert list(model.objects.all()) == [first, second]
