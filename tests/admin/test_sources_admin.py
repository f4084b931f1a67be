"""Staff see what cites no source, and savings and memberships are edited with clear checks."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, SavingsClaim
from municipalities.models import BodyKind, Membership, PublicBody
from statutes.models import Statute
from tests.factories import make_agreement, make_body, make_source, make_statute

pytestmark = pytest.mark.django_db


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Agreement, lambda title: make_agreement(title, parties=[make_body()])),
        (Statute, lambda title: make_statute(title=title)),
        (PublicBody, lambda title: make_body(title)),
    ],
)
def test_the_changelist_lists_published_items_citing_no_source(superuser_client, model, make):
    cited, uncited = make("Cited item"), make("Uncited item")
    cited.sources.add(make_source())

    none = superuser_client.get(
        _changelist(model), {"cites": "none", "publication__exact": "published"}
    )
    some = superuser_client.get(_changelist(model), {"cites": "some"})

    assert uncited in none.context["cl"].result_list
    assert cited not in none.context["cl"].result_list
    assert list(some.context["cl"].result_list) == [cited]


def test_the_agreement_changelist_shows_whether_it_cites_a_source(superuser_client):
    make_agreement("Uncited agreement")

    html = superuser_client.get(_changelist(Agreement)).content.decode()

    assert "cites a source" in html.lower()
    assert 'alt="False"' in html


def test_the_source_admin_finds_a_source_by_publisher(superuser_client):
    wanted = make_source("Report", publisher="Hartford Courant")
    make_source("Other", publisher="Patch")

    response = superuser_client.get(_changelist(make_source().__class__), {"q": "Courant"})

    assert list(response.context["cl"].result_list) == [wanted]


def _agreement_form(agreement, **claim):
    data = {
        "title": agreement.title, "slug": agreement.slug,
        "categories": [c.pk for c in agreement.categories.all()], "summary": "",
        "publication": "draft", "status": "unknown", "start_year": "1997", "start_date": "",
        "end_year": "", "end_date": "", "governance": "", "governance_detail": "",
        "cost_sharing": "", "legal_basis": "", "record_notes": "",
    }  # fmt: skip
    for prefix, total in (("parties", 0), ("documents", 0), ("savings_claims", 1)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
        }  # fmt: skip
    data |= {f"savings_claims-0-{name}": value for name, value in claim.items()}
    return data


def test_a_negative_saving_is_refused_with_a_message(superuser_client):
    agreement = make_agreement("Vernon sewers", parties=[make_body()])
    source = make_source()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = superuser_client.post(
        url,
        _agreement_form(agreement, amount="-31000", period="year", year="2013",
                        kind="projected", source=source.pk),
    )  # fmt: skip

    assert response.status_code == 200
    assert "Savings cannot be negative." in response.content.decode()
    assert not SavingsClaim.objects.exists()


def test_a_saving_without_a_source_is_refused(superuser_client):
    agreement = make_agreement("Vernon sewers", parties=[make_body()])
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = superuser_client.post(
        url,
        _agreement_form(agreement, amount="31000", period="year", year="2013", kind="projected"),
    )

    assert response.status_code == 200
    assert not SavingsClaim.objects.exists()


def test_a_sourced_saving_is_saved(superuser_client):
    agreement = make_agreement("Vernon sewers", parties=[make_body()])
    source = make_source()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    response = superuser_client.post(
        url,
        _agreement_form(agreement, amount="31000", period="year", year="2013",
                        kind="projected", stated_by="Vernon's WPCA director", source=source.pk),
    )  # fmt: skip

    assert response.status_code == 302
    claim = SavingsClaim.objects.get()
    assert (claim.amount, claim.year, claim.source) == (31000, 2013, source)
    assert Agreement.objects.get(pk=agreement.pk).start_year == 1997


def test_a_district_records_its_members_in_an_inline(superuser_client):
    district = make_body("Chatham Health District", kind=BodyKind.REGIONAL_AUTHORITY, member=False)
    haddam = make_body("Haddam", member=False)
    data = {
        "name": district.name, "slug": district.slug, "kind": district.kind, "parent": "",
        "publication": "published", "county": "", "planning_region": "", "website": "",
        "population": "", "record_notes": "",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-member": haddam.pk, "memberships-0-joined_year": "2008",
        "memberships-0-left_year": "2016",
    }  # fmt: skip

    response = superuser_client.post(
        reverse("admin:municipalities_publicbody_change", args=[district.pk]), data
    )

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.member, membership.left_year) == (haddam, 2016)
