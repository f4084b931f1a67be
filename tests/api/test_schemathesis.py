"""schemathesis against the API's own OpenAPI description: no 5xx, no response that breaks it."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from portal.wsgi import application

# Every check schemathesis has but one: a query string holds only text, so the values it
# makes up to break a text parameter (`false`, `12`) are still text, and the API reads them as
# slugs that match nothing, or drops them as malformed, as the library does.
EXCLUDED = [negative_data_rejection]
# schemathesis's WSGI transport asks for gzip, as requests does, but does not decompress what
# the portal's GZipMiddleware sends back: ask for the plain body.
PLAIN = {"Accept-Encoding": "identity"}

# Loaded once, at collection, as a client would: from the served description (no database
# needed for that). schemathesis's WSGI client calls itself "localhost".
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def served(content, settings):
    """Published content (and drafts) to serve; requests run inside the test's transaction, as
    Django's test client runs them: a request must not close the connection that holds it."""
    settings.ALLOWED_HOSTS = ["localhost"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms_to_the_description(case, served):
    case.call_and_validate(headers=PLAIN, excluded_checks=EXCLUDED)


def test_every_published_item_conforms_to_the_description(served):
    """Generated slugs rarely exist: each real item's detail is checked here, with its list."""
    for path in schema.raw_schema["paths"]:
        operation = schema[path]["GET"]
        if "{slug}" not in path:
            operation.Case().call_and_validate(headers=PLAIN, excluded_checks=EXCLUDED)
            continue
        listing = schema[path.replace("{slug}/", "")]["GET"]
        listed = listing.Case(query={"page_size": 100}).call(headers=PLAIN).json()["results"]
        assert listed, path
        for item in listed:
            case = operation.Case(path_parameters={"slug": item["slug"]})
            case.call_and_validate(headers=PLAIN, excluded_checks=EXCLUDED)
