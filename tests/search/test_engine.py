"""The search engine (search.engine, search.indexing): the same tests on SQLite and PostgreSQL."""

import itertools

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection, transaction

from agreements.models import Agreement, Party, PartyRole
from contacts.models import Program
from municipalities.models import PublicBody
from portal.models import PublicationStatus
from search.engine import RankedResults, Search, search_site
from search.indexing import enqueue_changed, rebuild
from search.models import Document
from services.models import ServiceCategory
from statutes.models import Statute
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
_numbers = itertools.count(1)


# --- Test data ------------------------------------------------------------------------------


# Thin wrappers over tests/factories.py: numbered slugs let a test reuse a name, and agreements
# get no category unless a test gives one, so no stray word enters the searchable text.


def _published(publication):
    return publication == PUBLISHED


def make_body(name="Bolton", publication=PUBLISHED, **fields):
    return factories.make_body(
        name, published=_published(publication), slug=f"body-{next(_numbers)}", **fields
    )


def make_category(name="Building inspection", publication=PUBLISHED, **fields):
    return factories.make_category(
        name, published=_published(publication), slug=f"category-{next(_numbers)}", **fields
    )


def make_statute(title="Regional cooperation", publication=PUBLISHED, **fields):
    return factories.make_statute(
        fields.pop("citation", ""),
        title=title,
        published=_published(publication),
        slug=f"statute-{next(_numbers)}",
        **fields,
    )


def make_program(name="Regional Performance Incentive Program", publication=PUBLISHED, **fields):
    return factories.make_program(
        name, published=_published(publication), slug=f"program-{next(_numbers)}", **fields
    )


def make_agreement(
    title="Shared services", summary="", publication=PUBLISHED, categories=(), parties=(), **fields
):
    return factories.make_agreement(
        title,
        summary=summary,
        published=_published(publication),
        categories=list(categories),
        parties=[(body, PartyRole.PARTNER) for body in parties],
        slug=f"agreement-{next(_numbers)}",
        **fields,
    )


def filter_agreements(queryset, q):
    return Search(q).filter(queryset)[0]


def found(q, queryset=None):
    """The agreements matching q, best first (ties by title), as the library ranks them."""
    queryset = Agreement.objects.published() if queryset is None else queryset
    filtered, ranks = Search(q).filter(queryset)
    return list(RankedResults(filtered, ranks, tiebreak="title")[:])


# --- Matching -------------------------------------------------------------------------------


def test_plural_finds_singular_in_title():
    agreement = make_agreement("Regional building inspection")

    assert found("inspections") == [agreement]


def test_plural_finds_agreement_through_its_category():
    category = make_category("Building inspection")
    agreement = make_agreement("Tri-town code enforcement", categories=[category])

    assert found("inspections") == [agreement]


def test_town_name_finds_its_agreements_through_parties():
    bolton, vernon = make_body("Bolton"), make_body("Vernon")
    shared = make_agreement("Animal control", parties=[bolton, vernon])
    bolton_only = make_agreement("Senior transport", parties=[bolton])
    make_agreement("Dispatch", parties=[vernon])

    assert set(found("Bolton")) == {shared, bolton_only}


def test_word_only_in_summary_is_found():
    agreement = make_agreement("Animal control", summary="The towns share one **kennel**.")
    make_agreement("Senior transport", summary="A van for seniors.")

    assert found("kennel") == [agreement]


def test_title_match_ranks_above_summary_only_match():
    in_summary = make_agreement("Animal control", summary="The towns share one kennel.")
    in_title = make_agreement("Regional kennel", summary="Dogs and cats.")

    assert found("kennel") == [in_title, in_summary]


def test_search_rank_is_a_float_higher_for_better_matches():
    make_agreement("Animal control", summary="The towns share one kennel.")
    make_agreement("Regional kennel")

    ranks = [a.search_rank for a in found("kennel")]

    assert all(isinstance(rank, float) for rank in ranks)
    assert ranks[0] > ranks[1] > 0


def test_query_without_a_match_returns_nothing():
    make_agreement("Regional building inspection", summary="Inspectors visit every town.")

    assert found("helicopter") == []
    assert search_site("helicopter").group("agreement").count == 0


def test_every_word_must_match():
    make_agreement("Regional building inspection")

    assert found("building helicopter") == []


def test_quoted_phrase_and_exclusion():
    bolton = make_body("Bolton")
    in_bolton = make_agreement("Regional building inspection", parties=[bolton])
    elsewhere = make_agreement("Regional building inspection services")
    make_agreement("Inspection of regional buildings")

    assert set(found('"building inspection"')) == {in_bolton, elsewhere}
    assert found('"building inspection" -Bolton') == [elsewhere]


@pytest.mark.parametrize(
    "q",
    [
        "'); DROP TABLE agreements_agreement; --",
        '"""',
        '"',
        "*",
        "NEAR(",
        "inspection NEAR( building",
        "building AND OR NOT",
        "title:building",
        "^building",
        "-",
        "\x00inspection",
        "%_\\",
        "inspection " * 500,
        "x" * 5000,
        "",
        "   ",
    ],
)
def test_hostile_or_odd_input_is_harmless(q):
    make_agreement("Regional building inspection")

    results = filter_agreements(Agreement.objects.published(), q)

    assert len(list(results)) == results.count() <= 1
    assert search_site(q).group("agreement").count <= 1
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("q", ['"""', "*", "-", "!!!", "the", "", "( )", "-inspection"])
def test_query_without_usable_words_matches_nothing(q):
    make_agreement("The regional building inspection")

    assert found(q) == []
    assert search_site(q).total == 0


def test_long_query_is_cut_to_its_first_words():
    agreement = make_agreement("Regional building inspection")

    assert found("inspection " + "x" * 5000) == [agreement]


# --- Composing with other filters -----------------------------------------------------------


def test_filtered_agreements_can_be_filtered_counted_and_paginated():
    bolton = make_body("Bolton")
    for number in range(5):
        make_agreement(f"Building inspection {number}", parties=[bolton] if number < 3 else [])
    make_agreement("Senior transport")

    results, ranks = Search("inspection").filter(Agreement.objects.published())
    narrowed = results.filter(parties__body=bolton)
    page = Paginator(RankedResults(narrowed, ranks), 2).page(2)

    assert results.count() == 5
    assert narrowed.count() == 3
    assert len(page.object_list) == 1
    assert page.object_list[0].search_rank > 0


def test_a_limited_ranking_orders_the_best_few_and_counts_them_all():
    best = make_agreement("Inspection inspection inspection", summary="Inspection of buildings.")
    for number in range(4):
        make_agreement(f"Shared services {number}", summary="Building inspection, now and then.")

    results, ranks = Search("inspection").filter(Agreement.objects.published())
    everything = RankedResults(results, ranks, tiebreak="title")
    limited = RankedResults(results, ranks, tiebreak="title", limit=2)

    assert limited.count() == len(limited) == everything.count() == 5
    assert limited.ids == everything.ids[:2]
    assert limited.ids[0] == best.pk
    assert [a.pk for a in limited[0:5]] == everything.ids[:2]


def test_ranking_the_rows_before_the_match_gives_the_same_order_and_count():
    bolton = make_body("Bolton")
    for number, title in enumerate(["Inspection inspection", "Building inspection", "Zoning"]):
        make_agreement(f"{title} {number}", parties=[bolton] if number else [])
        make_agreement(f"{title} elsewhere {number}", summary="Inspection now and then.")
    make_agreement("Inspection draft", publication=DRAFT)
    published = Agreement.objects.published()
    results, ranks = Search("inspection").filter(published)

    def ranked(rows, unmatched):
        found = RankedResults(rows, ranks, tiebreak="title", unmatched=unmatched)
        return found.ids, found.count(), [a.pk for a in found[0:10]]

    matched = ranked(results, None)
    assert matched[1] == 5 and matched[0] == matched[2]
    # The rows before the search (the match then runs once), or every public agreement.
    assert ranked(results, published) == matched
    assert ranked(results, RankedResults.EVERY_PUBLIC) == matched
    in_bolton = results.filter(parties__body=bolton)
    assert ranked(in_bolton, published.filter(parties__body=bolton)) == ranked(in_bolton, None)
    assert ranked(in_bolton, None)[1] == 1


def test_filter_keeps_the_querysets_own_conditions_and_never_finds_drafts():
    bolton = make_body("Bolton")
    in_bolton = make_agreement("Building inspection", parties=[bolton])
    make_agreement("Building inspection elsewhere")
    make_agreement("Building inspection draft", publication=DRAFT)

    assert found("inspection", Agreement.objects.filter(parties__body=bolton)) == [in_bolton]
    # The index answers only with what the public may find, whatever the queryset allows.
    assert len(found("inspection", Agreement.objects.all())) == 2


# --- Site search ----------------------------------------------------------------------------


def test_search_site_returns_objects_and_totals_per_kind():
    category = make_category("Building inspection", summary="Plan review and inspections.")
    statute = make_statute("Building inspection", citation="CGS § 29-260")
    program = make_program("Shared inspection grants", acronym="SIG")
    body = make_body("Inspection District")
    agreements = [make_agreement(f"Inspection {n}") for n in range(3)]

    results = search_site("inspection", per_kind=2)

    assert results.group("category").results == [category]
    assert results.group("statute").results == [statute]
    assert results.group("program").results == [program]
    assert results.group("body").results == [body]
    assert results.group("agreement").count == 3
    assert set(results.group("agreement").results) < set(agreements)
    assert results.group("agreement").label == "Agreements"


def test_statute_is_found_by_its_citation():
    statute = make_statute("Interlocal agreements", citation="CGS § 7-339a")

    assert search_site("7-339a").group("statute").results == [statute]


def test_drafts_of_every_kind_never_appear_in_search_site():
    for publication in (DRAFT, PUBLISHED):
        make_category(f"Zebra crossings {publication}", publication=publication)
        make_statute(f"Zebra crossings {publication}", publication=publication)
        make_program(f"Zebra crossings {publication}", publication=publication)
        make_body(f"Zebra {publication}", publication=publication)
        make_agreement(f"Zebra crossings {publication}", publication=publication)

    results = search_site("zebra")

    assert {group.kind for group in results.groups} >= {
        "agreement",
        "category",
        "statute",
        "program",
        "body",
    }
    for group in results.groups:
        assert group.count == 1
        assert [obj.publication for obj in group.results] == [PUBLISHED]


def test_agreement_is_not_found_through_a_draft_party():
    hidden = make_body("Hebron", publication=DRAFT)
    make_agreement("Animal control", parties=[hidden])

    assert found("Hebron") == []


@pytest.mark.parametrize("matching", [3, 15])
def test_search_site_query_count_does_not_grow_with_results(
    matching, django_assert_max_num_queries
):
    bolton, vernon = make_body("Bolton"), make_body("Vernon")
    category = make_category("Building inspection")
    for number in range(matching):
        make_agreement(
            f"Building inspection {number}", categories=[category], parties=[bolton, vernon]
        )
        make_statute(f"Inspection law {number}")
        make_program(f"Inspection program {number}")

    # Synonyms, the match, the snippets, one query per kind found (agreements, categories,
    # statutes, programs) and two to prefetch the agreements' categories and parties.
    with django_assert_max_num_queries(9):
        results = search_site("inspection")
        for agreement in results.group("agreement").results:
            assert agreement.party_bodies and list(agreement.categories.all())

    assert results.group("agreement").count == matching


# --- Keeping the index right ----------------------------------------------------------------


def test_renamed_agreement_is_found_by_its_new_title_only():
    agreement = make_agreement("Regional kennel")

    agreement.title = "Regional dispatch"
    agreement.save()

    assert found("dispatch") == [agreement]
    assert found("kennel") == []


def test_a_transaction_indexes_each_object_once_when_it_commits(monkeypatch):
    from agreements.search import AgreementSearch

    indexed, text = [], AgreementSearch.text

    def spy(self, agreement):
        indexed.append(agreement.pk)
        return text(self, agreement)

    monkeypatch.setattr(AgreementSearch, "text", spy)
    bolton = make_body("Bolton")
    with transaction.atomic():
        agreement = make_agreement("Regional kennel", parties=[bolton, make_body("Andover")])
        agreement.title = "Regional dispatch"
        agreement.save()
        agreement.categories.add(make_category("Dispatch services"))
        assert not Document.objects.filter(kind="agreement").exists()

    assert indexed == [agreement.pk]
    assert found("dispatch") == [agreement]
    assert found("Andover") == [agreement]
    assert found("kennel") == []


def test_a_rolled_back_transaction_keeps_neither_its_writes_nor_their_index():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_agreement("Regional kennel")
        raise RuntimeError("the load failed")

    assert not Agreement.objects.exists()
    assert not Document.objects.filter(kind="agreement").exists()

    make_agreement("Regional dispatch")
    assert [a.title for a in found("dispatch")] == ["Regional dispatch"]


def test_deleted_agreement_leaves_the_index():
    agreement = make_agreement("Regional kennel", parties=[make_body("Bolton")])

    agreement.delete()

    assert found("kennel") == []
    assert not Document.objects.filter(kind="agreement").exists()


def test_deleted_category_leaves_the_index_and_its_agreements():
    category = make_category("Building inspection")
    agreement = make_agreement("Code enforcement", categories=[category])

    category.delete()

    assert found("inspection", Agreement.objects.all()) == []
    assert search_site("inspection").group("category").count == 0
    assert found("enforcement") == [agreement]


def test_body_rename_updates_its_agreements():
    body = make_body("Bolton")
    agreement = make_agreement("Animal control", parties=[body])

    body.name = "Coventry"
    body.save()

    assert found("Coventry") == [agreement]
    assert found("Bolton") == []


def test_category_rename_updates_its_agreements():
    category = make_category("Animal control")
    agreement = make_agreement("Tri-town agreement", categories=[category])

    category.name = "Building inspection"
    category.save()

    assert found("inspections") == [agreement]
    assert found("animal") == []


def test_publishing_a_party_body_makes_its_agreements_findable_by_it():
    body = make_body("Hebron", publication=DRAFT)
    agreement = make_agreement("Animal control", parties=[body])

    body.publication = PUBLISHED
    body.save()

    assert found("Hebron") == [agreement]


def test_adding_and_removing_a_category_updates_the_agreement():
    category = make_category("Building inspection")
    agreement = make_agreement("Code enforcement")

    agreement.categories.add(category)
    assert found("inspection") == [agreement]

    category.agreements.remove(agreement)
    assert found("inspection") == []


def test_clearing_a_category_from_its_side_updates_its_agreements():
    category = make_category("Building inspection")
    make_agreement("Code enforcement", categories=[category])

    category.agreements.clear()

    assert found("inspection") == []


def test_adding_a_statute_makes_the_agreement_findable_by_its_citation():
    statute = make_statute("Interlocal agreements", citation="CGS § 7-339a")
    agreement = make_agreement("Animal control")

    agreement.statutes.add(statute)

    assert found("7-339a") == [agreement]


def test_removing_a_party_updates_the_agreement():
    bolton = make_body("Bolton")
    agreement = make_agreement("Animal control", parties=[bolton])

    Party.objects.get(agreement=agreement, body=bolton).delete()

    assert found("Bolton") == []


def test_adding_a_body_through_the_m2m_updates_the_agreement():
    bolton = make_body("Bolton")
    agreement = make_agreement("Animal control")

    agreement.bodies.add(bolton, through_defaults={"role": PartyRole.LEAD})

    assert found("Bolton") == [agreement]


def test_enqueue_changed_catches_up_after_a_bulk_update():
    body = make_body("Hebron", publication=DRAFT)
    agreement = make_agreement("Animal control", parties=[body])
    bodies = PublicBody.objects.filter(pk=body.pk)
    bodies.update(publication=PUBLISHED)  # sends no signals, like the admin's bulk action

    enqueue_changed(bodies)

    assert found("Hebron") == [agreement]


def test_empty_index_is_filled_after_migrate():
    agreement = make_agreement("Regional kennel")
    Document.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert found("kennel") == [agreement]


def test_rebuild_index_restores_a_lost_index():
    agreement = make_agreement("Regional kennel", parties=[make_body("Bolton")])
    make_category("Building inspection")
    Document.objects.all().delete()

    counts = rebuild()

    assert counts["agreement"] == 1
    assert counts["body"] == 1
    assert found("Bolton kennel") == [agreement]
    assert search_site("inspection").group("category").count == 1


def test_rebuild_search_index_command(capsys):
    make_agreement("Regional kennel")

    call_command("rebuild_search_index")

    assert "Indexed 1 objects." in capsys.readouterr().out
    assert len(found("kennel")) == 1


def test_loaddata_with_natural_keys_indexes_everything(tmp_path):
    bolton = make_body("Bolton")
    category = make_category("Building inspection")
    statute = make_statute("Interlocal agreements", citation="CGS § 7-339a")
    agreement = make_agreement("Code enforcement", categories=[category], parties=[bolton])
    agreement.statutes.add(statute)
    program = make_program("Shared inspection grants")
    objects = [bolton, category, statute, agreement, *agreement.parties.all(), program]
    fixture = tmp_path / "content.json"
    fixture.write_text(
        serializers.serialize(
            "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    for model in (Agreement, Program, PublicBody, ServiceCategory, Statute):
        model.objects.all().delete()
    assert not Document.objects.exists()

    call_command("loaddata", str(fixture), verbosity=0)

    loaded = Agreement.objects.get()
    assert found("Bolton inspections 7-339a enforcement") == [loaded]
    assert Document.objects.count() == 5
    results = search_site("inspection")
    assert all(results.group(kind).count == 1 for kind in ("agreement", "category", "program"))


def test_index_uses_the_database_full_text_engine():
    make_agreement("Regional kennel")

    if connection.vendor == "postgresql":
        document = Document.objects.get()
        assert "kennel" in str(document.search_vector)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH 'kennels'"
            )
            assert cursor.fetchone()[0] == 1
