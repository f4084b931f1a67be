"""Server time of every public page type on a large database: `python -m benchmarks.pages`.

Fills the database DATABASE_URL names (its name must contain "bench") with synthetic
agreements up to --agreements (manage.py seed_synthetic), then requests each page type
--requests times through Django's full stack (middleware included, page cache off so that
every request builds the page) and prints p50/p95/p99, the query count, the HTML size and its
gzip size, and how long a page takes when served from the page cache. Then, in the same run,
it starts gunicorn (2 workers, production settings, the page cache on) on the same database and
runs wrk (16 connections, --wrk seconds each; Debian's `wrk` package) against the static
stylesheet, the library and an agreement's page, and prints each one's requests per second and
its share of the stylesheet's. The same as JSON, with the machine and the date, goes to --json.
Example:

    createdb -h 127.0.0.1 -U postgres portal_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench SECRET_KEY=bench
    .venv/bin/python manage.py migrate
    .venv/bin/python -m benchmarks.pages --agreements 100000 --bodies 1000
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from benchmarks.load import wait_until_up  # noqa: E402
from municipalities.models import PublicBody  # noqa: E402
from portal import synthetic  # noqa: E402
from portal.pagination import BoundedPaginator  # noqa: E402
from services.models import ServiceCategory  # noqa: E402
from statutes.models import Statute  # noqa: E402


def page_types():
    """One address per page type, chosen from the data (the busiest town, a common word)."""
    agreement = Agreement.objects.published().order_by("pk").first()
    towns = list(PublicBody.objects.published().filter(kind="municipality").order_by("-pk")[:2])
    town = towns[0]
    category = ServiceCategory.objects.published().order_by("pk").first()
    statute = Statute.objects.published().order_by("pk").first()
    pages = Agreement.objects.published().count() // 20
    return {
        "home": "/",
        "library": "/agreements/",
        "library, two facets": f"/agreements/?category={category.slug}&municipality={town.slug}",
        "library, common word": "/agreements/?q=inspectors",
        "library, rare word": f"/agreements/?q={agreement.title.split(':')[0].split()[-1]}",
        # The deepest page the library shows (see portal.pagination.BoundedPaginator).
        "library, deep page": f"/agreements/?page={max(min(pages, BoundedPaginator.max_pages), 1)}",
        "agreement": agreement.get_absolute_url(),
        "category": category.get_absolute_url(),
        "town": town.get_absolute_url(),
        "statute": statute.get_absolute_url(),
        "site search, common word": "/search/?q=inspectors",
        # Two towns' agreements: about 1,000 rows at 100,000 agreements and 1,000 bodies.
        "export, two towns": "/agreements/export.csv?"
        + "&".join(f"municipality={t.slug}" for t in towns),
        "sitemap index": "/sitemap.xml",
    }


def plans() -> dict:
    """The indexes the planner uses for each list order and filter: EXPLAIN, not hope."""
    from agreements.models import OLDEST_FIRST, Party

    published = Agreement.objects.published()
    category = ServiceCategory.objects.published().order_by("pk").first()
    town = PublicBody.objects.published().filter(kind="municipality").order_by("-pk").first()
    queries = {
        "newest first (library, home)": published.newest_first()[:20],
        "oldest first": published.order_by(*OLDEST_FIRST)[:20],
        "by title": published.order_by("title", "pk")[:20],
        "recently added (home)": published.order_by("-created_at")[:5],
        "one category, newest": published.filter(categories=category).newest_first()[:20],
        "one town's parties": Party.objects.filter(body=town).values("agreement_id", "role"),
    }
    found = {}
    for name, queryset in queries.items():
        sql, params = queryset.query.sql_with_params()
        explain = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        found[name] = sorted(
            set(
                re.findall(
                    r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on|USING (?:COVERING )?INDEX) (\w+)",
                    plan,
                )
            )
        )  # noqa: E501
    return found


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(client, url, requests):
    timings = []
    client.get(url)  # warm up
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "p99_ms": round(percentile(timings, 0.99), 1),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
    }


def cached_p50(client, url, requests):
    client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


ROOT = Path(__file__).resolve().parent.parent
WRK_PORT = 8766


def throughput(urls: dict, seconds: int) -> dict:
    """Requests per second of each URL through gunicorn -w 2 and wrk -c16, in one run."""
    static = tempfile.mkdtemp(prefix="portal-bench-static-")
    env = {**os.environ, "DJANGO_DEBUG": "0", "STATIC_ROOT": static, "LOG_LEVEL": "ERROR",
           "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_PLAIN_STATIC": "0"}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{WRK_PORT}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{WRK_PORT}"
    results = {}
    try:
        wait_until_up(base)
        home = urllib.request.urlopen(base + "/", timeout=60).read().decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+site[^"]*\.css)"', home)[1]
        for name, path in {"static stylesheet": stylesheet, **urls}.items():
            for _ in range(4):  # each worker makes (and caches) the page before the count
                urllib.request.urlopen(base + path, timeout=60).read()
            output = subprocess.run(
                ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", base + path],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
            results[name] = {
                "url": path,
                "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
                "p50": re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)[1],
                "failed": int(bad[1]) if bad else 0,
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static, ignore_errors=True)
    static_rate = results["static stylesheet"]["requests_per_s"]
    for result in results.values():
        result["share_of_static"] = round(result["requests_per_s"] / static_rate, 3)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=1000, help="fill up to this many")
    parser.add_argument("--bodies", type=int, default=200, help="new bodies when filling")
    parser.add_argument("--requests", type=int, default=200, help="requests per page type")
    parser.add_argument("--json", default="var/benchmark-pages.json")
    parser.add_argument("--wrk", type=int, default=10, help="seconds of wrk per URL (0: none)")
    args = parser.parse_args()
    if "bench" not in str(connection.settings_dict["NAME"]):
        raise SystemExit("Refusing: the database's name must contain 'bench'.")
    missing = args.agreements - Agreement.objects.count()
    if missing > 0:
        done = synthetic.seed(missing, args.bodies, force=True)
        print(f"Added {done.agreements} synthetic agreements")
    total = Agreement.objects.count()
    print(f"{total} agreements, {PublicBody.objects.count()} bodies on {connection.vendor}")
    host = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].lstrip(".")
    client = Client(HTTP_HOST=host if host != "*" else "127.0.0.1")
    results = {}
    header = f"{'page':28} {'st':>3} {'q':>3} {'p50':>8} {'p95':>8} {'p99':>8} {'KB':>6} {'gz KB':>6} {'cached':>7}"  # noqa: E501
    print(header)
    for name, url in page_types().items():
        with override_settings(PAGE_CACHE_SECONDS=0):
            result = measure(client, url, args.requests)
        result["url"] = url
        result["cached_p50_ms"] = cached_p50(client, url, min(args.requests, 50))
        results[name] = result
        print(
            f"{name:28} {result['status']:>3} {result['queries']:>3} {result['p50_ms']:>6.1f}ms "
            f"{result['p95_ms']:>6.1f}ms {result['p99_ms']:>6.1f}ms {result['bytes'] / 1024:>6.0f} "
            f"{result['gzip_bytes'] / 1024:>6.0f} {result['cached_p50_ms']:>5.1f}ms"
        )
    print("\nIndexes the planner uses (EXPLAIN):")
    indexes = plans()
    for name, used in indexes.items():
        print(f"{name:32} {', '.join(used) or 'NONE: a scan of the table'}")
    served = {}
    if args.wrk:
        print(f"\nThroughput: gunicorn -w 2, wrk -c16, {args.wrk} s per URL, page cache on")
        pages = {name: results[name]["url"] for name in ("library", "agreement")}
        served = throughput(pages, args.wrk)
        for name, result in served.items():
            print(
                f"{name:28} {result['requests_per_s']:>9.0f} req/s  p50 {result['p50']:>8}  "
                f"{result['share_of_static']:>6.1%} of static  failed {result['failed']}"
            )
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "database": connection.vendor,
        "agreements": total,
        "requests_per_page": args.requests,
        "pages": results,
        "indexes": indexes,
        "throughput": served,
    }
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as file:
        json.dump(report, file, indent=2)
    print(f"Written to {args.json}")


if __name__ == "__main__":
    main()
