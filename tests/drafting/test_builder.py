"""The builder's pages: the form, prefill from an agreement, preview and the two downloads."""

import pytest

from agreements.models import GovernanceForm, PartyRole
from drafting.drafts import MUNICIPAL_SIGNATORY, OTHER_SIGNATORY
from drafting.views import NOT_AVAILABLE
from municipalities.models import BodyKind
from tests.drafting.conftest import (
    DRAFT_URL,
    docx_text,
    first_page_text,
    form_data,
    make_clause,
    open_docx,
)
from tests.factories import make_agreement, make_body, make_category

pytestmark = pytest.mark.django_db

DISCLAIMER = "It is not legal advice"
MAX_QUERIES = 12  # as tests/public/test_query_counts.py


def _post(client, data):
    return client.post(DRAFT_URL, data)


# --- the form --------------------------------------------------------------------------------


def test_the_form_lists_published_services_and_bodies_only(client, towns, service):
    make_body("Hidden Town", published=False)
    make_category("Hidden service", published=False)

    html = client.get(DRAFT_URL).content.decode()

    assert "Tolland" in html and "Animal control" in html
    assert "Hidden Town" not in html and "Hidden service" not in html


def test_the_form_has_a_legend_for_every_group_and_a_label_for_every_control(client, towns):
    html = client.get(DRAFT_URL).content.decode()

    assert html.count("<fieldset") == html.count("<legend")
    for name in ("service", "other_parties", "lead", "term_years", "notice_months"):
        assert f'for="id_{name}"' in html
    assert 'for="id_parties_0"' in html
    assert "style=" not in html and "<script" not in html  # CSP: nothing inline


@pytest.mark.parametrize("bodies", [3, 40])
def test_the_form_costs_a_few_queries_whatever_the_number_of_bodies(
    client, django_assert_max_num_queries, bodies
):
    for _ in range(bodies):
        make_body()

    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(DRAFT_URL).status_code == 200


def test_the_prefilled_form_costs_a_few_queries(client, django_assert_max_num_queries, towns):
    agreement = make_agreement(parties=towns)

    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(f"{DRAFT_URL}?from={agreement.slug}")


# --- prefill from an agreement ---------------------------------------------------------------


def test_from_an_agreement_prefills_its_service_parties_lead_governance_and_term(client, towns):
    category = make_category("Animal control")
    agreement = make_agreement(
        "Tolland and Vernon animal control",
        categories=[category],
        parties=[(towns[1], PartyRole.LEAD), (towns[0], PartyRole.RECIPIENT)],
        governance=GovernanceForm.LEAD_MUNICIPALITY,
        start_year=2015,
        end_year=2025,
    )

    response = client.get(f"{DRAFT_URL}?from={agreement.slug}")

    form = response.context["form"]
    assert form.initial["service"] == category.slug
    assert set(form.initial["parties"]) == {towns[0].slug, towns[1].slug}
    assert form.initial["lead"] == towns[1].slug
    assert form.initial["governance"] == "lead_town"
    assert form.initial["term_years"] == 10
    html = response.content.decode()
    assert 'value="tolland" id="id_parties_1" checked>' in html
    assert 'value="ellington" id="id_parties_0">' in html  # not a party
    assert "Tolland and Vernon animal control" in html


def test_from_a_jointly_shared_agreement_prefills_no_lead(client, towns):
    agreement = make_agreement(
        parties=[(towns[0], PartyRole.PARTNER), (towns[1], PartyRole.PARTNER)],
        governance=GovernanceForm.JOINT_BOARD,
    )

    form = client.get(f"{DRAFT_URL}?from={agreement.slug}").context["form"]

    assert form.initial["lead"] == ""
    assert form.initial["governance"] == "joint_board"


def test_an_agreement_governance_without_a_builder_option_keeps_the_default(client, towns):
    agreement = make_agreement(parties=towns, governance=GovernanceForm.MUTUAL_AID)

    form = client.get(f"{DRAFT_URL}?from={agreement.slug}").context["form"]

    assert "governance" not in form.initial


def test_from_an_agreement_takes_only_published_categories_and_parties(client, towns):
    hidden_body = make_body("Secret Borough", published=False)
    hidden_category = make_category("Secret service", published=False)
    shown = make_category("Shown service")
    agreement = make_agreement(
        categories=[hidden_category, shown], parties=[hidden_body, towns[0], towns[1]]
    )

    response = client.get(f"{DRAFT_URL}?from={agreement.slug}")

    assert response.context["form"].initial["service"] == shown.slug
    assert hidden_body.slug not in response.context["form"].initial["parties"]
    assert response.context["form"].initial["lead"] == ""  # the lead was the hidden body
    assert "Secret Borough" not in response.content.decode()


@pytest.mark.parametrize("slug", ["no-such-agreement", "", "x" * 300, "../admin", "%00"])
def test_an_unknown_agreement_gives_a_message_and_an_empty_form(client, towns, slug):
    response = client.get(DRAFT_URL, {"from": slug})

    assert response.status_code == 200
    assert NOT_AVAILABLE in response.content.decode()
    assert response.context["form"].initial == {}


def test_a_draft_agreement_is_not_available_and_leaks_nothing(client):
    secret_town = make_body("Secretville")
    other = make_body("Otherton")
    draft = make_agreement("Secret merger of police", parties=[secret_town, other], published=False)

    response = client.get(DRAFT_URL, {"from": draft.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert NOT_AVAILABLE in html
    assert "Secret merger of police" not in html
    assert "checked" not in html.split('name="parties"', 1)[1].split("</fieldset>", 1)[0]


# --- preview and downloads -------------------------------------------------------------------


def test_preview_shows_the_draft_with_guidance_beside_each_clause(client, towns, service):
    response = _post(client, form_data(service, towns))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of your draft" in html
    assert "Among Tolland, Vernon and Ellington" in html
    assert "Tolland manages the Service" in html  # the lead-town clause, lead filled in
    assert 'class="guidance"' in html
    assert "CGS § 7-339c(a)" in html
    assert DISCLAIMER in html
    assert MUNICIPAL_SIGNATORY in html


def test_preview_links_a_published_statute(client, towns, service):
    from drafting.models import Clause
    from tests.factories import make_statute

    statute = make_statute("CGS § 7-339c", slug="cgs-7-339c")
    Clause.objects.filter(slug="withdrawal").update(statute=statute)

    html = _post(client, form_data(service, towns)).content.decode()

    assert f'href="{statute.get_absolute_url()}"' in html


def test_docx_download_opens_and_holds_the_parties_clauses_and_disclaimer(client, towns, service):
    response = _post(client, form_data(service, towns, action="docx", cost_method="fixed_shares"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="draft-interlocal-agreement-animal-control.docx"'
    )
    document = open_docx(response.content)
    first_page = first_page_text(document)
    assert DISCLAIMER in first_page
    assert "Capitol Region Shared Services" in first_page
    assert "counsel" in first_page and "ratification" in first_page
    text = docx_text(document)
    for town in towns:
        assert town.name in text
    assert "Tolland: ____ percent" in text  # the chosen fixed-shares clause
    assert "Shares by population" not in text
    assert "9.1 Withdrawal" in text  # numbered clauses
    assert text.count(MUNICIPAL_SIGNATORY) == len(towns)
    assert "{" not in text


def test_docx_signature_blocks_name_an_authorized_officer_for_other_bodies(client, service):
    town = make_body("Tolland")
    district = make_body("Eastern Highlands Health District", kind=BodyKind.REGIONAL_AUTHORITY)
    data = form_data(service, [town, district], other_parties="Friendly Fire Company")

    text = docx_text(open_docx(_post(client, {**data, "action": "docx"}).content))

    assert f"\n{OTHER_SIGNATORY}\n" in text
    assert "Friendly Fire Company" in text
    assert text.count(MUNICIPAL_SIGNATORY) == 1


def test_markdown_download_is_the_same_draft_as_text(client, towns, service):
    response = _post(client, form_data(service, towns, action="markdown"))

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="draft-interlocal-agreement-animal-control.md"'
    )
    text = response.content.decode()
    assert text.startswith("# Interlocal agreement: Animal control")
    assert DISCLAIMER in text.split("---", 1)[0]
    assert "### 9.1 Withdrawal" in text
    assert "- Tolland\n- Vernon\n- Ellington" in text


def test_downloads_are_not_cached(client, towns, service):
    response = _post(client, form_data(service, towns, action="docx"))

    assert response["Cache-Control"] == "no-store"


def test_draft_clauses_never_reach_a_download(client, towns, service):
    make_clause("Unreviewed clause", text="Unreviewed wording.", published=False)

    text = _post(client, form_data(service, towns, action="markdown")).content.decode()

    assert "Unreviewed" not in text


def test_a_staff_clause_is_added_to_its_topic(client, towns, service):
    make_clause("Data sharing", text="{lead} shares data with {parties}.", order=99)

    text = _post(client, form_data(service, towns, action="markdown")).content.decode()

    assert "Tolland shares data with Tolland, Vernon and Ellington." in text


def test_get_of_a_download_action_just_shows_the_form(client, towns):
    response = client.get(DRAFT_URL, {"action": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- errors ----------------------------------------------------------------------------------


def _errors(client, data):
    response = _post(client, data)
    assert response.status_code == 200
    return response, response.context["form"].errors


def test_one_party_is_not_enough(client, towns, service):
    response, errors = _errors(client, form_data(service, towns[:1]))

    assert "at least two parties" in errors["parties"][0]
    html = response.content.decode()
    assert 'href="#id_parties_0"' in html  # the summary links to the field
    assert 'id="result"' in html


def test_typed_parties_count_towards_the_two(client, towns, service):
    data = form_data(service, towns[:1], other_parties="Hebron\n\n  \nHebron")

    response = _post(client, {**data, "action": "markdown"})

    assert response.status_code == 200
    assert "- Tolland\n- Hebron\n" in response.content.decode()


def test_the_lead_must_be_one_of_the_parties(client, towns, service):
    outsider = make_body("Outsider")
    response, errors = _errors(client, form_data(service, towns, lead=outsider.slug))

    assert "must be one of the parties" in errors["lead"][0]
    html = response.content.decode()
    assert 'aria-describedby="lead-hint lead-error" aria-invalid="true" id="id_lead"' in html
    assert 'id="lead-error"' in html


@pytest.mark.parametrize(
    ("field", "option"),
    [("governance", "lead_town"), ("cost_method", "host_bills"), ("insurance", "lead_insures")],
)
def test_options_that_need_a_lead_are_refused_without_one(client, towns, service, field, option):
    data = {**form_data(service, towns, lead="", governance="joint_board"), field: option}

    _, errors = _errors(client, data)

    assert "lead" in errors[field][0]


@pytest.mark.parametrize(
    ("field", "value"),
    [("term_years", "0"), ("term_years", "51"), ("term_years", "abc"), ("notice_months", "61"),
     ("notice_months", ""), ("review_years", "99"), ("term_years", "9" * 400)],
)  # fmt: skip
def test_numbers_out_of_bounds_are_form_errors(client, towns, service, field, value):
    data = form_data(service, towns, review="periodic_review", review_years="3")

    _, errors = _errors(client, {**data, field: value})

    assert field in errors


def test_a_periodic_review_needs_its_interval(client, towns, service):
    _, errors = _errors(client, form_data(service, towns, review="periodic_review"))

    assert "how often" in errors["review_years"][0]


def test_a_periodic_review_is_drafted_with_its_interval(client, towns, service):
    data = form_data(service, towns, review="periodic_review", review_years="3", action="markdown")

    assert "once every three (3) years" in _post(client, data).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("service", ""), ("service", "no-such-service"), ("parties", "no-such-town"),
     ("renewal", "forever"), ("disputes", "duel")],
)  # fmt: skip
def test_unknown_choices_are_form_errors(client, towns, service, field, value):
    _, errors = _errors(client, {**form_data(service, towns), field: value})

    assert field in errors


def test_a_missing_action_previews(client, towns, service):
    data = form_data(service, towns)
    del data["action"]

    assert "Preview of your draft" in _post(client, data).content.decode()


def test_an_empty_post_is_a_form_error_not_a_crash(client, towns):
    response = client.post(DRAFT_URL, {})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_post_needs_the_csrf_token(towns, service):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(DRAFT_URL, form_data(service, towns))

    assert response.status_code == 403
