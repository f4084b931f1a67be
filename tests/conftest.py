import os
import shutil

import pytest
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _database_vendor():
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite" if "sqlite" in engine else engine


def pytest_report_header(config):
    browser = CHROMIUM if shutil.which(CHROMIUM) else "NOT FOUND (browser tests will not run)"
    return [f"database: {_database_vendor()}", f"chromium: {browser}", f"CI: {IN_CI}"]


def pytest_configure(config):
    expected = os.environ.get("EXPECT_DATABASE")
    if expected and expected != _database_vendor():
        raise pytest.UsageError(
            f"EXPECT_DATABASE={expected} but the tests would run on {_database_vendor()}."
        )


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests run in the PostgreSQL pass; browser tests need Chromium."""
    vendor = _database_vendor()
    keep, dropped = [], []
    for item in items:
        (
            dropped if item.get_closest_marker("postgres") and vendor != "postgresql" else keep
        ).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
    has_browser = any(item.get_closest_marker("browser") for item in items)
    if has_browser and not shutil.which(CHROMIUM):
        message = (
            f"Chromium is not installed at {CHROMIUM}: the end-to-end browser tests cannot run. "
            "Install it with `apt-get install chromium`."
        )
        if IN_CI:
            raise pytest.UsageError(message + " In CI a missing browser is a failure.")
        skip = pytest.mark.skip(reason=message)
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads go to a fresh folder per test; static files are served from the source folders,
    so tests need no collectstatic (tests/portal/test_static.py checks the hashed storage)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


def _only_test_case_blocks(connection) -> bool:
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


@pytest.fixture(autouse=True)
def _commit_hooks_run_where_a_real_commit_would(monkeypatch):
    """Run `transaction.on_commit` hooks when the code under test commits, as in production.

    A test case wraps each test in a transaction that is never committed, so on_commit hooks
    (search indexes at commit) would never run. Here, within such a test, a hook registered
    outside any transaction of the code's own runs at once, as in autocommit; one registered in
    the code's outermost `atomic()` runs when that block exits without error, and is dropped
    when it fails, as on a real commit or rollback. Tests marked `transaction=True` commit for
    real and are left alone.
    """
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_enter, original_exit = transaction.Atomic.__enter__, transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and _only_test_case_blocks(self):
            func()
            return
        original_on_commit(self, func, robust)

    def enter(self):
        connection = transaction.get_connection(self.using)
        outermost = connection.in_atomic_block and _only_test_case_blocks(connection)
        result = original_enter(self)
        if outermost:
            self._test_commit_from = len(connection.run_on_commit)
        return result

    def exit(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        start = self.__dict__.pop("_test_commit_from", None)
        result = original_exit(self, exc_type, exc_value, traceback)
        if start is not None:
            hooks = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            if exc_type is None:
                for _, func, _ in hooks:
                    func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__enter__", enter)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit)


@pytest.fixture(autouse=True)
def _api_not_throttled(settings):
    """The API's per-address limit counts every request from 127.0.0.1 in the process's cache,
    across tests; tests/api/test_throttling.py sets a low limit of its own."""
    settings.API_RATE_LIMIT = "1000000/second"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page: a test's rolled-back data must not be served to
    the next (in production, content is only ever committed or rolled back before caching)."""
    from django.core.cache import cache

    cache.clear()
