"""Search in residents' words: synonyms, plain questions, never a dead end, snippets, and every
kind of content, through the real search page (both databases)."""

import pytest
from django.urls import reverse

from agreements.models import PartyRole
from search.engine import Search, search_site
from search.models import Synonym
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_contact,
    make_page,
    make_program,
    make_resource,
    make_statute,
    make_synonym,
)

pytestmark = pytest.mark.django_db


def page(client, q):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def titles(q, kind="agreement"):
    return [str(obj) for obj in search_site(q).group(kind).results]


# --- Synonyms -------------------------------------------------------------------------------


def test_a_residents_word_finds_what_the_portal_calls_otherwise():
    make_synonym("garbage", "solid waste, refuse")
    make_agreement("Regional solid waste authority")
    make_agreement("Regional refuse collection")
    make_agreement("Regional dispatch")

    assert sorted(titles("garbage")) == [
        "Regional refuse collection",
        "Regional solid waste authority",
    ]


def test_a_synonym_of_two_words_matches_as_a_phrase():
    make_synonym("dog warden", "animal control")
    windsor = make_body("Windsor")
    make_agreement("Animal control office", parties=[windsor])

    assert titles("dog warden Windsor") == ["Animal control office"]
    assert titles("Windsor dog wardens") == ["Animal control office"]


def test_synonyms_keep_the_residents_own_word_too():
    make_synonym("cops", "police")
    make_agreement("Cops and kids summer program")
    make_agreement("Police task force")

    assert sorted(titles("cops")) == ["Cops and kids summer program", "Police task force"]


def test_a_number_can_be_a_synonym():
    make_synonym("911", "dispatch")
    make_agreement("Regional dispatch center")

    assert titles("911") == ["Regional dispatch center"]


def test_staff_curate_synonyms_in_the_admin_and_search_uses_them_at_once(superuser_client):
    make_agreement("Regional solid waste authority")
    assert titles("rubbishy") == []

    response = superuser_client.post(
        reverse("admin:search_synonym_add"),
        {"term": "  Rubbishy ", "meaning": "solid waste", "note": "Heard at a meeting"},
    )

    assert response.status_code == 302
    assert Synonym.objects.get(term="rubbishy").meaning == "solid waste"
    assert titles("rubbishy") == ["Regional solid waste authority"]


@pytest.mark.parametrize(
    ("term", "meaning", "message"),
    [
        ("trash", "trash", "A word cannot be its own synonym."),
        ("trash", " , ", "Give at least one word or phrase to search for."),
        ("trash<script>", "solid waste", "Use letters, digits, spaces, hyphens and apostrophes"),
        ("trash", 'solid "waste"', "Use letters, digits, spaces, hyphens and apostrophes"),
    ],
)
def test_the_admin_explains_a_synonym_it_cannot_use(superuser_client, term, meaning, message):
    Synonym.objects.filter(term="trash").delete()
    response = superuser_client.post(
        reverse("admin:search_synonym_add"), {"term": term, "meaning": meaning}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Synonym.objects.filter(term__startswith="trash").exists()


# --- Plain questions --------------------------------------------------------------------------


def test_a_plain_question_finds_the_answer():
    andover = make_body("Andover")
    inspection = make_category("Building inspection")
    make_agreement(
        "Bolton regional building inspection program",
        categories=[inspection],
        parties=[make_body("Bolton"), (andover, PartyRole.RECIPIENT)],
    )
    make_agreement("Andover animal control", parties=[andover])

    assert titles("who inspects buildings in Andover") == [
        "Bolton regional building inspection program"
    ]
    assert titles("Which towns share building inspections?") == [
        "Bolton regional building inspection program"
    ]


def test_a_question_of_small_words_only_says_so(client):
    make_agreement("Regional kennel")

    html = page(client, "who is it")

    assert "0 results" in html
    assert "only small words" in html


# --- Never a dead end -------------------------------------------------------------------------


def test_when_no_result_has_every_word_the_best_with_some_are_shown(client):
    make_agreement("Regional kennel", summary="Dogs and cats.")
    make_agreement("Regional kennel and animal shelter")
    make_agreement("Regional dispatch")

    results = Search("kennel shelter helicopter").site()

    assert results.any_word
    assert [str(a) for a in results.group("agreement").results][0] == (
        "Regional kennel and animal shelter"
    )
    html = page(client, "kennel shelter helicopter")
    assert "No result has all of your words" in html
    assert "Regional kennel and animal shelter" in html


def test_a_misspelt_word_gets_a_suggestion_that_finds_results(client):
    make_agreement("Regional building inspection")

    results = Search("inspecton").site()

    assert results.total == 0
    assert results.suggestion == "inspection"
    html = page(client, "inspecton")
    assert 'Did you mean <a href="/search/?q=inspection">inspection</a>?' in html
    assert Search(results.suggestion).site().total == 1


def test_a_suggestion_keeps_the_words_that_were_right():
    make_agreement("Windsor building inspection", parties=[make_body("Windsor")])

    assert Search("Windsor inspecton").site().suggestion == "Windsor inspection"


def test_suggestions_never_come_from_drafts():
    make_agreement("Secret zeppelin hangar", published=False)

    assert Search("zepelin").site().suggestion is None


# --- Snippets ---------------------------------------------------------------------------------


def test_snippets_highlight_the_match_and_escape_the_text(client):
    make_agreement(
        "Regional kennel",
        summary="The towns <script>alert(1)</script> share one **dog pound** & a van.",
    )

    html = page(client, "pound")

    assert "<mark>pound</mark>" in html
    assert "<script>alert(1)</script>" not in html
    snippet = search_site("pound").group("agreement").results[0].search_snippet
    assert "<mark>pound</mark>" in snippet and "<script>" not in snippet


def test_a_title_match_needs_no_snippet():
    make_agreement("Regional kennel", summary="Dogs and cats.")

    assert search_site("kennel").group("agreement").results[0].search_snippet is None


# --- Every kind, grouped, linked to its list ---------------------------------------------------


def test_contacts_resources_and_site_pages_are_found(client):
    program = make_program("Regional Performance Incentive Program", acronym="RPIP")
    make_contact("Robyn Nichols", title="Grants manager", programs=[program])
    make_resource("Shared services guide", publisher="New York State Comptroller")
    make_page("What are shared services?", lead="Towns pooling their work.")

    assert titles("Robyn Nichols", "contact") == ["Robyn Nichols"]
    assert titles("New York Comptroller", "resource") == ["Shared services guide"]
    assert titles("pooling", "page") == ["What are shared services?"]
    html = page(client, "Robyn Nichols")
    assert "Grants manager" in html and "RPIP" in html


def test_drafts_of_the_new_kinds_are_never_found():
    make_contact("Robyn Nichols", published=False)
    make_resource("Zebra guide", published=False)
    make_page("Zebra page", published=False)

    assert search_site("Robyn").total == 0
    assert search_site("zebra").total == 0


def test_the_results_page_groups_by_kind_with_counts_and_links_to_the_lists(client):
    for number in range(3):
        make_agreement(f"Kennel agreement {number}")
    make_body("Kennelworth")
    make_category("Kennels")

    html = page(client, "kennel")

    assert 'href="#results-agreement">Agreements (3)' in html
    assert 'href="#results-category">Service categories (1)' in html
    assert '<a href="/agreements/?q=kennel">' in html


def test_a_group_with_more_results_than_shown_links_to_all_of_them(client):
    for number in range(22):
        make_agreement(f"Kennel agreement {number}")

    html = page(client, "kennel")

    assert "Agreements (22)" in html
    assert "See all 22 agreements" in html
    assert html.count('class="result"') == 20


def test_a_statute_whose_law_is_unknown_is_found_by_its_title_only():
    placeholder = make_statute(
        "",
        title="Public act including the governor's bill",
        summary="We have not been able to tell which act this is; the law is unknown.",
    )
    real = make_statute("CGS § 7-148cc", title="Joint performance of municipal functions",
                        summary="Towns may do together under this law what each may do alone.")  # fmt: skip

    assert titles("together alone", "statute") == [str(real)]
    assert titles("unknown", "statute") == []  # the text explaining what we do not know
    assert titles("governor", "statute") == [str(placeholder)]


def test_the_municipalities_list_filters_with_the_same_engine(client):
    make_body("Bolton")
    make_body("Andover")
    make_body("Bolton Lakes Water Pollution Control Authority")

    html = client.get(reverse("municipalities:list"), {"q": "bolton"}).content.decode()

    assert "2 bodies" in html
    assert ">Andover<" not in html
    assert 'name="q" value="bolton"' in html
