"""The library's kept facet counts (agreements.facets) follow every change, and the library
shows the same counts from them as it counts under a filter."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements import facets
from agreements.models import (
    Agreement,
    AgreementStatus,
    FacetCount,
    FacetKey,
    FacetPair,
    Party,
    PartyRole,
)
from municipalities.models import BodyKind
from portal.models import PublicationStatus
from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_document,
    make_statute,
)

pytestmark = pytest.mark.django_db


def values_of(agreement) -> set[tuple[str, str]]:
    """A published agreement's facet values, read from its objects."""
    parties = list(Party.objects.filter(agreement=agreement).select_related("body"))
    values = {("body", str(p.body_id)) for p in parties}
    visible = [p for p in parties if p.body.publication == "published"]
    values |= {("kind", p.body.kind) for p in visible}
    if agreement.status in (AgreementStatus.ACTIVE, AgreementStatus.UNKNOWN):
        values |= {("way", f"{p.body_id}:{p.role}") for p in visible}
    values |= {("category", str(c.pk)) for c in agreement.categories.all()}
    values |= {("statute", str(s.pk)) for s in agreement.statutes.all()}
    has = "yes" if agreement.documents.exists() else "no"
    return values | {("sd", f"{agreement.status}:{has}")}


def paired(facet, other) -> bool:
    """Pairs of two facets are counted; of a way, only with a category."""
    if "way" in (facet, other):
        return {facet, other} == {"way", "category"}
    return facet != other


def expected() -> tuple[Counter, Counter]:
    """Each facet value's, and each pair of values' (of two facets), number of published
    agreements, counted from the objects."""
    counts, pairs = Counter(), Counter()
    for agreement in Agreement.objects.published():
        values = values_of(agreement)
        counts.update(values)
        pairs.update((a, b) for a in values for b in values if paired(a[0], b[0]))
    return counts, pairs


def kept() -> tuple[Counter, Counter]:
    counts = Counter({(c.facet, c.value): c.n for c in FacetCount.objects.all()})
    pairs = Counter(
        {
            ((p.facet, p.value), (p.other_facet, p.other_value)): p.n
            for p in FacetPair.objects.filter(n__gt=0)
        }
    )
    return counts, pairs


def change_role(party, role):
    party.role = role
    party.save()


def test_counts_follow_every_kind_of_change():
    town, school = make_body("Ashford"), make_body("Ashford schools", kind=BodyKind.SCHOOL_DISTRICT)
    animals, statute = make_category("Animal control"), make_statute()
    first = make_agreement(parties=[town, school], categories=[animals], statutes=[statute])
    second = make_agreement(parties=[school], categories=[animals])
    draft = make_agreement(parties=[town], published=False)
    assert kept() == expected()
    counts, pairs = kept()
    assert counts[("category", str(animals.pk))] == 2
    assert pairs[(("category", str(animals.pk)), ("body", str(school.pk)))] == 2
    assert pairs[(("kind", BodyKind.SCHOOL_DISTRICT), ("statute", str(statute.pk)))] == 1
    assert pairs[(("category", str(animals.pk)), ("way", f"{school.pk}:lead"))] == 1
    assert not [p for p in pairs if p[0][0] == "way" and p[1][0] != "category"]

    steps = [
        lambda: setattr(draft, "publication", PublicationStatus.PUBLISHED) or draft.save(),
        lambda: first.categories.add(make_category()),
        lambda: first.statutes.clear(),
        lambda: Party.objects.create(agreement=second, body=town, role=PartyRole.RECIPIENT),
        lambda: Party.objects.filter(agreement=first, body=school).delete(),
        lambda: make_document(second),
        lambda: change_role(Party.objects.get(agreement=second, body=town), PartyRole.PARTNER),
        lambda: setattr(second, "status", AgreementStatus.EXPIRED) or second.save(),
        lambda: setattr(school, "kind", BodyKind.REGIONAL_AUTHORITY) or school.save(),
        lambda: setattr(town, "publication", PublicationStatus.DRAFT) or town.save(),
        lambda: second.documents.get().delete(),
        lambda: setattr(first, "publication", PublicationStatus.DRAFT) or first.save(),
        lambda: draft.delete(),
    ]
    for step in steps:
        with transaction.atomic():  # committed, as an admin save is
            step()
        assert kept() == expected()
    assert not FacetKey.objects.filter(agreement_id=draft.pk).exists()
    assert FacetCount.objects.filter(n__lte=0).count() == 0


def test_an_agreement_counted_once_however_many_changes_its_transaction_holds():
    town = make_body()
    with transaction.atomic():
        agreement = make_agreement(parties=[town])
        agreement.categories.add(make_category())
        agreement.save()
    assert kept() == expected()
    assert kept()[0][("body", str(town.pk))] == 1


def test_a_rolled_back_change_is_not_counted():
    agreement = make_agreement()
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement.categories.add(make_category("Rolled back"))
        raise RuntimeError
    assert kept() == expected()


def test_rebuilding_the_search_index_repairs_drifted_counts():
    make_agreement(parties=[make_body()], statutes=[make_statute()])
    FacetCount.objects.update(n=99)
    FacetPair.objects.update(n=7)
    FacetKey.objects.filter(facet="body").delete()
    call_command("rebuild_search_index", verbosity=0)
    assert kept() == expected()


def test_an_existing_library_is_counted_by_the_migrate_that_adds_the_tables():
    make_agreement(parties=[make_body()])
    facets.clear()
    facets.fill_after_migrate(sender=None)
    assert kept() == expected()


def test_the_library_shows_the_kept_counts_and_the_counted_ones_alike(client):
    town = make_body("Bolton")
    inspection = make_category("Building inspection")
    make_agreement(
        parties=[town], categories=[inspection], status=AgreementStatus.EXPIRED, start_year=2001
    )
    agreement = make_agreement(
        parties=[town, make_body()], categories=[inspection], start_year=2010
    )
    make_document(agreement)
    make_agreement(categories=[make_category()], start_year=2020)

    def counts(query):
        facets_ = client.get(f"/agreements/?{query}").context["facets"]
        return {
            name: {c["value"]: c["count"] for c in choices}
            if isinstance(choices, list)
            else {k: v for k, v in choices.items() if k not in ("value", "about")}
            for name, choices in facets_.items()
        }

    plain = counts("")  # every facet from the kept counts
    # A year filter matching everything: the same counts, each counted by a query.
    counted = counts("year_from=1600")
    assert plain == counted
    assert plain["category"][inspection.slug] == 2
    assert plain["municipality"]["bolton"] == 2
    assert plain["status"] == {**plain["status"], "active": 2, "expired": 1}
    assert plain["has_documents"] == {"yes": 1, "no": 2}
    # A facet's own filter alone leaves it counting every agreement.
    assert counts(f"category={inspection.slug}")["category"] == plain["category"]
    assert counts("status=expired")["has_documents"] == {"yes": 0, "no": 1}
    assert counts("has_documents=yes")["status"]["active"] == 1
    assert counts("status=expired&year_from=1600")["has_documents"] == {"yes": 0, "no": 1}


@pytest.mark.parametrize(
    "query",
    [
        "category=building-inspection",
        "municipality=bolton",
        "kind=municipality",
        "statute=cgs-7-148cc",
        "status=active",
        "status=active&status=expired&has_documents=no",
        "has_documents=yes",
        "category=building-inspection&municipality=bolton",
    ],
)
def test_counts_under_one_value_read_from_pairs_match_counted_ones(client, query):
    """One filter value (or a status with documents) reads the kept pair counts; a year
    filter that keeps every agreement makes the library count the same set instead."""
    bolton, other = make_body("Bolton"), make_body("Coventry")
    school = make_body("Bolton schools", kind=BodyKind.SCHOOL_DISTRICT)
    inspection = make_category("Building inspection")
    statute = make_statute("CGS 7-148cc")
    for year, parties, categories, statutes in [
        (2001, [bolton, school], [inspection], [statute]),
        (2005, [bolton], [inspection, make_category()], []),
        (2010, [other, school], [inspection], [statute]),
        (2015, [bolton, other], [make_category()], [statute]),
    ]:
        agreement = make_agreement(
            parties=parties, categories=categories, statutes=statutes, start_year=year
        )
        if year % 2:
            make_document(agreement)
    make_agreement(parties=[bolton], status=AgreementStatus.EXPIRED, start_year=2020)

    def counts(address):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/agreements/?{address}")
        assert response.status_code == 200
        read = " ".join(query["sql"] for query in queries)
        return response.context["facets"], FacetPair._meta.db_table in read

    (from_pairs, read_pairs), (counted, read_pairs_too) = (
        counts(query),
        counts(f"{query}&year_from=1990"),
    )
    assert from_pairs == counted
    assert read_pairs and not read_pairs_too


def test_bulk_loads_count_once_at_the_end_and_alike():
    """seed_synthetic stores values batch by batch and counts them once (facets.bulk)."""
    make_agreement(parties=[make_body()])  # already counted, kept through the load
    call_command(
        "seed_synthetic", "--agreements", "40", "--bodies", "9", "--force", stdout=io.StringIO()
    )
    assert Agreement.objects.published().count() > 1
    assert kept() == expected()
    # The next change is counted by difference again, after the bulk load.
    with transaction.atomic():
        Agreement.objects.published().first().categories.add(make_category())
    assert kept() == expected()


def test_the_unfiltered_library_counts_its_agreements_from_the_kept_counts(client):
    for year in (2001, 2002, 2003):
        make_agreement(start_year=year)
    make_agreement(published=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/agreements/")
    assert response.context["paginator"].count == 3
    assert "3 agreements" in response.content.decode()
    assert not [q for q in queries if "COUNT(*)" in q["sql"]]
    # Under a filter the results are counted, and they agree.
    filtered = client.get("/agreements/?year_from=2002")
    assert filtered.context["paginator"].count == 2


def test_a_search_with_many_results_estimates_its_facet_counts_from_a_sample(client, monkeypatch):
    from agreements.filters import AgreementFilter

    monkeypatch.setattr(AgreementFilter, "SAMPLE_ABOVE", 6)
    monkeypatch.setattr(AgreementFilter, "SAMPLE_SIZE", 3)
    towns = [make_body("Andover"), make_body("Bolton")]
    roads, waste = make_category("Roads"), make_category("Waste")
    made = [
        make_agreement(
            f"Building inspection {n}",
            parties=[towns[n % 2]],
            categories=[roads if n % 3 else waste],
        )
        for n in range(12)
    ]
    make_agreement("Senior transport", categories=[roads])
    make_agreement("Building inspection draft", published=False)

    response = client.get("/agreements/?q=inspection")
    html = response.content.decode()
    step = 4  # 12 results, a sample of about 3: every 4th by id
    sample = [a for a in made if a.pk % step == 0]
    facets_ = response.context["facets"]
    shown = {c["value"]: c["count"] for c in facets_["category"] if c["count"]}
    assert shown == {
        slug: step * sum(1 for a in sample if a.categories.filter(slug=slug).exists())
        for slug in ("roads", "waste")
        if any(a.categories.filter(slug=slug).exists() for a in sample)
    }
    assert all(c["about"] for c in facets_["category"] + facets_["municipality"])
    assert facets_["has_documents"]["about"] and facets_["has_documents"]["no"] == len(sample) * 4
    assert "are estimated from a sample" in html and "(about " in html
    assert response.context["paginator"].count == 12  # the results are counted, not estimated

    # A facet's page of every value counts every result.
    every = client.get("/agreements/filters/category/?q=inspection").context["choices"]
    assert {c["value"]: c["count"] for c in every} == {"roads": 8, "waste": 4}
    assert not any(c["about"] for c in every)
    # Few enough results: exact counts. The towns are counted under the search alone (all
    # 12 results): still estimated.
    few = client.get("/agreements/?q=inspection&municipality=andover").context["facets"]
    assert {c["value"]: c["count"] for c in few["category"]} == {"roads": 4, "waste": 2}
    assert not any(c["about"] for c in few["category"]) and few["municipality"][0]["about"]
    exact = client.get("/agreements/?q=inspection+1")
    assert not exact.context["estimated"]
    assert "estimated from a sample" not in exact.content.decode()


def test_a_search_matches_once_for_its_results_their_count_and_their_facets(client):
    town = make_body("Bolton")
    best = make_agreement("Inspection inspection", summary="Building inspection.", parties=[town])
    others = [make_agreement(f"Building inspection {n}", parties=[town]) for n in range(3)]
    make_agreement("Senior transport", parties=[town])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/agreements/?q=inspection")
    # The page's rows are read by id (their match checked again by index, for those only).
    by_id = '"agreements_agreement"."id" IN ('
    matching = [q for q in queries if "search_document" in q["sql"] and by_id not in q["sql"]]
    assert len(matching) == 1
    assert [a.pk for a in response.context["agreements"]][0] == best.pk
    assert {a.pk for a in response.context["agreements"]} == {best.pk, *(a.pk for a in others)}
    assert response.context["paginator"].count == 4
    facets_ = response.context["facets"]
    assert {c["value"]: c["count"] for c in facets_["municipality"]} == {"bolton": 4}
    # Sorted otherwise, or with a filter of its own, the counts agree.
    newest = client.get("/agreements/?q=inspection&sort=newest").context["facets"]
    assert newest["municipality"] == facets_["municipality"]
