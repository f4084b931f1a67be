"""What only PostgreSQL has: the stored, weighted tsvector, its GIN index, trigram suggestions.

Marked `postgres`: they run in the PostgreSQL pass of `make test` (and of CI)."""

import pytest
from django.db import connection

from agreements.models import Agreement
from search.engine import Search
from search.models import Document
from tests.factories import make_agreement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_document'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin" in d and "search_vector" in d for d in definitions), definitions


def test_stored_vector_is_stemmed_and_weighted_title_above_summary():
    make_agreement("Regional kennels", summary="Dogs are inspected.")
    vector = str(Document.objects.get(kind="agreement").search_vector)
    assert "'kennel':2A" in vector  # English stemming, title weight A
    assert "'inspect':" in vector and "B" in vector.split("'inspect':")[1][:4]


def test_queries_use_the_english_configuration_with_phrases_or_and_exclusion():
    make_agreement("Regional animal shelter", summary="Shared kennels.")
    make_agreement("Regional landfill", summary="Shared transfer station.")
    search = Search('"animal shelter" or landfill -transfer')
    sql, _ = search.dialect.expression(search.parsed)
    assert "phraseto_tsquery('english'" in sql and "!!" in sql
    queryset, _ = search.filter(Agreement.objects.all())
    assert [a.title for a in queryset] == ["Regional animal shelter"]


def test_spelling_suggestions_use_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_word'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin_trgm_ops" in d for d in definitions), definitions
