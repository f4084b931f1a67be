import os
import shutil

import pytest
from django.db import connection

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
