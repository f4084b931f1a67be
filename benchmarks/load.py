"""Load test: gunicorn on 127.0.0.1 with PostgreSQL and the starter content, hit by wrk.

    .venv/bin/python -m benchmarks.load            # 60 s, 64 connections
    .venv/bin/python -m benchmarks.load --seconds 20 --connections 32

Creates (or reuses) the database `portal_load` on the local PostgreSQL, migrates it, loads the
starter content, starts gunicorn (WORKERS x THREADS), then runs wrk over a mix of public pages
and searches. Prints requests/s, p50/p99 latency, non-2xx/3xx responses, socket errors and the
most PostgreSQL connections seen at once; exits 1 if any response failed or any socket erred.
Needs `wrk` (Debian package) and PostgreSQL at 127.0.0.1:5432. Only 127.0.0.1 is targeted.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "portal_load"
PATHS = [
    "/", "/services/", "/services/building-inspection/", "/agreements/",
    "/agreements/?category=building-inspection", "/agreements/?municipality=hartford",
    "/agreements/?q=health+district", "/agreements/bolton-regional-building-inspection/",
    "/municipalities/", "/municipalities/hartford/", "/statutes/", "/statutes/cgs-7-148cc/",
    "/programs/", "/about/what-are-shared-services/", "/search/?q=garbage",
    "/search/?q=who+inspects+buildings+in+Andover", "/search/?q=dog+warden",
    "/search/?q=inspecton", "/search/?q=7-148cc", "/health/",
]  # fmt: skip
LUA = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def wait_until_up(base: str, seconds: float = 30) -> None:
    """Until the server at `base` answers /health/ (gunicorn takes a few seconds to start)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/health/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    # wrk's own default (2 s) counts a slow answer as a socket error; a visitor waits longer.
    parser.add_argument("--timeout", default="15s")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        psql(f"CREATE DATABASE {DATABASE}")
    static = tempfile.mkdtemp(prefix="portal-load-static-")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static,
        "LOG_LEVEL": "ERROR",
    }
    manage = [PYTHON, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_starter_content", "-v0"],
                    ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True)

    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(base)
        for path in PATHS:  # every path answers 200 before the load starts
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path

        peak, stop = [0], threading.Event()

        def sample():
            while not stop.is_set():
                count = psql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'")
                peak[0] = max(peak[0], int(count))
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % ", ".join(f'"{path}"' for path in PATHS))
        output = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
             "--timeout", args.timeout, "-s", script.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        stop.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    p50 = re.search(r"50%\s+(\S+)", output).group(1)
    p99 = re.search(r"99%\s+(\S+)", output).group(1)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:(.*)", output)
    bad_count = int(bad.group(1)) if bad else 0
    print(
        f"SUMMARY: {rate} requests/s, p50 {p50}, p99 {p99}, non-2xx/3xx {bad_count}, "
        f"socket errors {errors.group(1).strip() if errors else 'none'}, "
        f"PostgreSQL connections at most {peak[0]} "
        f"(gunicorn {args.workers} workers x {args.threads} threads)"
    )
    # Each gunicorn thread keeps at most one connection, plus this script's sampling one.
    bounded = peak[0] <= args.workers * args.threads + 1
    if not bounded:
        print("FAIL: more PostgreSQL connections than gunicorn has threads")
    sys.exit(1 if bad_count or errors or not bounded else 0)


if __name__ == "__main__":
    main()
