"""Fuzz every public URL for longer than the test suite does: `python -m benchmarks.fuzz`.

Sends hypothesis-generated hostile GETs (tests/fuzzing.py) through the real Django stack
against the database DATABASE_URL names (read-only: only GETs) and reports the status codes
seen; any 5xx is printed with its request and makes the exit status 1. Example:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench DJANGO_DEBUG=0
    SECRET_KEY=x ALLOWED_HOSTS=127.0.0.1 .venv/bin/python -m benchmarks.fuzz --examples 5000
"""

import argparse
import collections
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.test import Client  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.fuzzing import requests  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    statuses, failures = collections.Counter(), []

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(request=requests())
    def run(request):
        path, query = request
        try:
            response = client.get(path, QUERY_STRING=query)
        except ValueError:
            statuses["refused by the client"] += 1
            return
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append((response.status_code, path, query))

    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    total = sum(statuses.values())
    print(f"{total} requests in {elapsed:.0f} s: " + ", ".join(
        f"{status}: {count}" for status, count in sorted(statuses.items(), key=str)
    ))  # fmt: skip
    for failure in failures[:20]:
        print("5xx:", *failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
