"""The form's rules between fields: what is ignored, what cannot be drafted, what is said."""

import pytest

from tests.drafting.conftest import DRAFT_URL, form_data

pytestmark = pytest.mark.django_db


def _post(client, towns, service, **changes):
    return client.post(DRAFT_URL, form_data(service, towns, **changes))


@pytest.mark.parametrize("years", ["abc", "0", "-3", "999"])
def test_review_years_are_ignored_without_a_periodic_review(client, towns, service, years):
    response = _post(client, towns, service, review="no_review", review_years=years)

    assert not response.context["form"].errors
    assert "draft" in response.context


@pytest.mark.parametrize("years", ["abc", "0"])
def test_review_years_are_checked_with_a_periodic_review(client, towns, service, years):
    response = _post(client, towns, service, review="periodic_review", review_years=years)

    assert "review_years" in response.context["form"].errors


@pytest.mark.parametrize(
    ("term", "notice", "words"),
    [("1", "60", "longer than the term (1 year)"), ("1", "12", "as long as the term (1 year)")],
)
def test_renewal_notice_must_be_shorter_than_the_term(client, towns, service, term, notice, words):
    response = _post(
        client, towns, service, renewal="automatic_renewal", term_years=term, notice_months=notice
    )

    errors = " ".join(response.context["form"].errors["notice_months"])
    assert f"The notice period ({notice} months) is {words}" in errors
    assert "draft" not in response.context


def test_a_long_notice_is_fine_when_renewal_needs_no_notice(client, towns, service):
    response = _post(
        client, towns, service, renewal="no_renewal", term_years="1", notice_months="60"
    )

    assert not response.context["form"].errors


def test_a_notice_shorter_than_the_term_is_fine(client, towns, service):
    response = _post(client, towns, service, term_years="2", notice_months="23")

    assert not response.context["form"].errors


def test_the_form_says_only_portal_parties_can_lead(client, towns):
    html = client.get(DRAFT_URL).content.decode()

    assert "Only a party listed in the portal can lead" in html


@pytest.mark.parametrize("changes", [{}, {"term_years": ""}])
def test_a_posted_form_is_never_cached(client, towns, service, changes):
    response = _post(client, towns, service, **changes)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_empty_form_may_be_cached(client, towns):
    assert "no-store" not in client.get(DRAFT_URL).get("Cache-Control", "")
