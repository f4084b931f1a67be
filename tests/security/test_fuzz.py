"""A few hundred hostile requests over every public URL and parameter: never a 5xx, never a
draft (both databases). benchmarks/fuzz.py runs the same strategy for longer."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    make_agreement,
    make_body,
    make_category,
    make_document,
    make_statute,
    pdf_bytes,
)
from tests.fuzzing import requests

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarcompact"


@pytest.fixture
def content():
    town = make_body("Bolton", slug="bolton")
    category = make_category("Building inspection", slug="building-inspection")
    make_statute("CGS § 7-148cc", slug="cgs-7-148cc")
    public = make_agreement("Regional building inspection", categories=[category], parties=[town])
    draft = make_agreement(f"{SECRET} draft", published=False, parties=[town], summary=SECRET)
    documents = [
        make_document(public, content=pdf_bytes("public text")),
        make_document(draft, content=pdf_bytes(SECRET), title=SECRET),
    ]
    return [public.slug, draft.slug], [document.pk for document in documents]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_request_gets_a_server_error_or_a_draft(client, content, data):
    slugs, document_ids = content
    request = data.draw(requests(slugs=slugs, document_ids=document_ids))
    path, query = request
    try:
        response = client.get(path, QUERY_STRING=query)
    except ValueError:
        return  # the test client itself refuses some raw bytes before the portal sees them
    assert response.status_code < 500, (path, query, response.status_code)
    if response.streaming:
        # A file: only the public agreement's, never the draft's.
        assert SECRET.encode() not in b"".join(response.streaming_content), (path, query)
        return
    assert SECRET.lower() not in response.content.decode(errors="replace").lower(), (path, query)
