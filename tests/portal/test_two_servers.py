"""Two app servers, one PostgreSQL and one Redis: a change made through one shows on the other
on the next request, and a page one server cached is served by the other (portal.pagecache)."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.db import connection

from tests.factories import make_agreement, make_complete_agreement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A database of Redis's own, emptied before and after: nothing else on the server is touched.
REDIS_URL = "redis://127.0.0.1:6379/13"
# What a load balancer in front of both passes on: the site's one name.
SITE = {"Host": "portal.example"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_redis():
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()  # fails loudly when Redis is not running: CI must have it
    yield store
    store.flushdb()


@pytest.fixture
def two_servers(shared_redis, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CACHE_URL": REDIS_URL,
        "SECRET_KEY": "two-servers-test-key",
        "DJANGO_DEBUG": "0",
        "DJANGO_PLAIN_STATIC": "1",
        "ALLOWED_HOSTS": "portal.example",
        "MEDIA_ROOT": str(tmp_path),  # shared too, as the README asks of several servers
        "LOG_LEVEL": "ERROR",
        "PAGE_CACHE_HEADER": "1",
    }
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--log-level", "error"],
            cwd=PROJECT_ROOT, env=env,
        )  # fmt: skip
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, url in servers:
            for _ in range(150):
                assert process.poll() is None, f"the server at {url} stopped"
                try:
                    if requests.get(url + "/health/", headers=SITE, timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                pytest.fail(f"the server at {url} did not start")
        yield [url for _, url in servers]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)


def _log_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    session.headers.update(SITE)
    login = session.get(f"{base}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": "http://portal.example/admin/login/"},
    )
    assert answer.url.endswith("/admin/"), "the login failed"
    return session


def test_a_publish_through_one_server_shows_on_the_other(two_servers, django_user_model):
    first, second = two_servers
    make_agreement("Joint animal control", slug="animal")
    draft = make_complete_agreement("Regional dispatch centre", published=False)
    django_user_model.objects.create_superuser("curator", "", "a-long-test-password-1")

    # One cache: a page the first server made is served by the second.
    made = requests.get(f"{first}/agreements/", headers=SITE)
    assert made.headers["X-Page-Cache"] == "miss" and "Joint animal control" in made.text
    shared = requests.get(f"{second}/agreements/", headers=SITE)
    assert shared.headers["X-Page-Cache"] == "hit" and shared.text == made.text
    assert "Regional dispatch centre" not in shared.text

    # Staff publish through the first server (a bulk action: no model signal at all).
    staff = _log_in(first, "curator", "a-long-test-password-1")
    changelist = staff.get(f"{first}/admin/agreements/agreement/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist.text).group(1)
    done = staff.post(
        f"{first}/admin/agreements/agreement/",
        data={"csrfmiddlewaretoken": token, "action": "publish", "_selected_action": draft.pk},
        headers={"Referer": "http://portal.example/admin/agreements/agreement/"},
    )
    assert done.status_code == 200 and "published" in done.text

    # The very next request to the other server shows it.
    after = requests.get(f"{second}/agreements/", headers=SITE)
    assert after.headers["X-Page-Cache"] == "miss"
    assert "Regional dispatch centre" in after.text
    # And the session made on the first server is valid on the second (sessions in the database).
    assert staff.get(f"{second}/admin/", allow_redirects=False).status_code == 200
