"""Time the public pages on a large database: `python -m benchmarks.pages --agreements 5000`.

Writes made-up agreements into the database DATABASE_URL names, so it refuses any database
whose name does not contain "bench". Example:

    createdb -h 127.0.0.1 -U postgres portal_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_starter_content
    .venv/bin/python -m benchmarks.pages --agreements 5000
"""

import argparse
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Agreement, Party, PartyRole  # noqa: E402
from municipalities.models import PublicBody  # noqa: E402
from search.indexing import rebuild  # noqa: E402
from services.models import ServiceCategory  # noqa: E402

PAGES = [
    "/",
    "/agreements/",
    "/agreements/?q=inspections",
    "/agreements/?category=building-inspection&municipality=bolton&municipality=hartford",
    "/agreements/?page=50",
    "/municipalities/",
    "/municipalities/hartford/",
    "/services/building-inspection/",
    "/search/?q=landfill+transfer",
    "/search/?q=health",
    "/search/?q=health+inspecton+helicopter",
    "/agreements/?q=health",
]
WORDS = [
    "inspection",
    "landfill",
    "dispatch",
    "animal",
    "shelter",
    "payroll",
    "network",
    "schools",
    "health",
    "water",
]


def seed(count):
    """Add `count` published agreements in bulk, then index everything once (as after an import).

    Bulk writes send no signals, so the search index is rebuilt at the end, in one pass.
    """
    categories = list(ServiceCategory.objects.all())
    towns = list(PublicBody.objects.filter(kind="municipality"))
    start = Agreement.objects.count()
    through = Agreement.categories.through
    for batch_start in range(start, start + count, 1000):
        numbers = range(batch_start, min(batch_start + 1000, start + count))
        agreements = Agreement.objects.bulk_create(
            Agreement(
                title=f"Bench {random.choice(WORDS)} agreement {number}",
                slug=f"bench-{number}",
                summary=" ".join(random.choices(WORDS, k=30)),
                publication="published",
                start_year=random.randint(1990, 2025),
            )
            for number in numbers
        )
        if connection.vendor == "sqlite":  # bulk_create sets no primary keys there before 3.35
            agreements = list(Agreement.objects.filter(slug__in=[a.slug for a in agreements]))
        links, parties = [], []
        for agreement in agreements:
            for category in random.sample(categories, 2):
                links.append(through(agreement_id=agreement.pk, servicecategory_id=category.pk))
            for index, town in enumerate(random.sample(towns, 3)):
                role = PartyRole.LEAD if index == 0 else PartyRole.RECIPIENT
                parties.append(Party(agreement=agreement, body=town, role=role))
        through.objects.bulk_create(links)
        Party.objects.bulk_create(parties)
    started = time.perf_counter()
    counts = rebuild()
    print(f"Indexed {sum(counts.values())} objects in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=0, help="how many to add first")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if "bench" not in str(connection.settings_dict["NAME"]):
        raise SystemExit("Refusing: the database's name must contain 'bench'.")
    if args.agreements:
        seed(args.agreements)
    print(f"{Agreement.objects.count()} agreements on {connection.vendor}")
    client = Client(HTTP_HOST="127.0.0.1")
    for url in PAGES:
        client.get(url)  # warm up
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
        median = statistics.median(timings) * 1000
        print(f"{response.status_code} {len(queries):2d} queries {median:7.1f} ms median  {url}")


if __name__ == "__main__":
    main()
