"""Settings read the environment and fail loudly; each case runs Django in a fresh process."""

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import create_secret_key_file, secret_key_from_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Stands in for var/secret_key, which `make run` may have written on this machine.
NO_KEY_FILE = "/nonexistent/portal-tests/secret_key"

# Every variable the settings read, so the developer's own environment cannot leak into a test.
SETTINGS_VARIABLES = [
    "SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_DEBUG", "DATABASE_URL", "CONN_MAX_AGE", "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS", "STATIC_ROOT", "MEDIA_ROOT", "DJANGO_PLAIN_STATIC",
    "DOCUMENT_MAX_UPLOAD_MB", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "BEHIND_HTTPS_PROXY", "LOG_LEVEL", "DJANGO_ALLOW_ASYNC_UNSAFE",
    "API_RATE_LIMIT", "DB_WORK_MEM", "CACHE_URL", "PAGE_CACHE_SECONDS",
]  # fmt: skip

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "OPTIONS": db.get("OPTIONS", {}),
    "DOCUMENT_MAX_UPLOAD_MB": settings.DOCUMENT_MAX_UPLOAD_MB,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
}))
"""


def _environment(**changes):
    """os.environ without the settings variables, then `changes` (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env["SECRET_KEY_FILE"] = NO_KEY_FILE
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run(args, **changes):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=_environment(**changes),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(**changes):
    result = _run(["-c", PRINT_SETTINGS], **changes)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _production_environment():
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
    }


def test_missing_secret_key_outside_debug_stops_startup_with_a_clear_message():
    result = _run(["-c", PRINT_SETTINGS])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_secret_key_in_debug_uses_a_development_key():
    values = _settings(DJANGO_DEBUG="1")

    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("django-insecure-")


def test_secret_key_from_the_environment_is_used():
    values = _settings(SECRET_KEY="a-key-from-the-environment")

    assert values["SECRET_KEY"] == "a-key-from-the-environment"
    assert values["DEBUG"] is False


def test_secret_key_is_read_from_the_key_file_when_the_environment_has_none(tmp_path):
    key_file = tmp_path / "secret_key"
    create_secret_key_file(key_file)

    values = _settings(SECRET_KEY_FILE=str(key_file))

    assert values["SECRET_KEY"] == key_file.read_text().strip()
    assert values["DEBUG"] is False


def test_secret_key_from_the_environment_wins_over_the_key_file(tmp_path):
    key_file = tmp_path / "secret_key"
    create_secret_key_file(key_file)

    values = _settings(SECRET_KEY="a-key-from-the-environment", SECRET_KEY_FILE=str(key_file))

    assert values["SECRET_KEY"] == "a-key-from-the-environment"


def test_missing_key_file_outside_debug_stops_startup_naming_the_file():
    result = _run(["-c", PRINT_SETTINGS])

    assert result.returncode != 0
    assert NO_KEY_FILE in result.stderr


def test_create_secret_key_file_writes_a_long_key_only_its_owner_may_read(tmp_path):
    key_file = tmp_path / "var" / "secret_key"

    assert create_secret_key_file(key_file) is True

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(secret_key_from_file(key_file)) >= 50


def test_create_secret_key_file_keeps_an_existing_key(tmp_path):
    key_file = tmp_path / "secret_key"
    create_secret_key_file(key_file)
    first = secret_key_from_file(key_file)

    assert create_secret_key_file(key_file) is False

    assert secret_key_from_file(key_file) == first


def test_create_secret_key_file_makes_a_new_key_each_time_one_is_missing(tmp_path):
    create_secret_key_file(tmp_path / "a")
    create_secret_key_file(tmp_path / "b")

    assert secret_key_from_file(tmp_path / "a") != secret_key_from_file(tmp_path / "b")


def test_secret_key_from_a_missing_file_is_empty(tmp_path):
    assert secret_key_from_file(tmp_path / "secret_key") == ""


def test_secret_key_from_an_empty_file_stops_startup_naming_the_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("\n")

    with pytest.raises(ImproperlyConfigured, match="secret_key is empty"):
        secret_key_from_file(key_file)


def test_unrecognised_debug_value_stops_startup_naming_the_variable():
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", DJANGO_DEBUG="maybe")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG must be one of" in result.stderr
    assert "'maybe'" in result.stderr


def test_non_numeric_upload_limit_stops_startup_naming_the_variable():
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", DOCUMENT_MAX_UPLOAD_MB="abc")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DOCUMENT_MAX_UPLOAD_MB must be a whole number" in result.stderr
    assert "'abc'" in result.stderr


def test_upload_limit_below_one_megabyte_stops_startup():
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", DOCUMENT_MAX_UPLOAD_MB="0")

    assert result.returncode != 0
    assert "DOCUMENT_MAX_UPLOAD_MB must be at least 1" in result.stderr


def test_upload_limit_is_read_from_the_environment():
    assert _settings(SECRET_KEY="x", DOCUMENT_MAX_UPLOAD_MB="7")["DOCUMENT_MAX_UPLOAD_MB"] == 7


def test_database_defaults_to_sqlite_in_the_var_folder():
    values = _settings(SECRET_KEY="x")

    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["NAME"]) == PROJECT_ROOT / "var" / "db.sqlite3"


def test_postgres_database_url_keeps_connections_open_and_checks_their_health():
    values = _settings(
        SECRET_KEY="x", DATABASE_URL="postgres://portal:pw@db.example.org:5432/portal"
    )

    assert values["ENGINE"] == "portal.postgresql"  # Django's, with a watchdog (portal.db)
    assert values["NAME"] == "portal"
    assert values["CONN_MAX_AGE"] > 0
    assert values["CONN_HEALTH_CHECKS"] is True


def test_postgres_gets_connect_and_statement_timeouts_from_the_environment():
    values = _settings(
        SECRET_KEY="x",
        DATABASE_URL="postgres://portal:pw@db.example.org:5432/portal",
        DB_CONNECT_TIMEOUT="4",
        DB_STATEMENT_TIMEOUT_MS="6000",
    )

    assert values["OPTIONS"] == {
        "connect_timeout": 4,
        "options": "-c statement_timeout=6000 -c jit=off -c work_mem=16MB",
    }


def test_a_bad_work_mem_stops_startup():
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", DB_WORK_MEM="lots")

    assert result.returncode != 0
    assert "DB_WORK_MEM must be like 16MB" in result.stderr


def test_a_zero_timeout_stops_startup():
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", HEALTH_TIMEOUT="0")

    assert result.returncode != 0
    assert "must be positive" in result.stderr


def test_https_redirect_makes_cookies_secure_by_default():
    values = _settings(SECRET_KEY="x", SECURE_SSL_REDIRECT="1")

    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


def test_deploy_check_passes_without_warnings_in_a_production_environment():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **_production_environment()
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deploy_check_warns_when_https_is_not_enforced():
    environment = _production_environment() | {"SECURE_SSL_REDIRECT": None}

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **environment)

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_deploy_check_warns_when_pages_are_cached_per_process():
    environment = _production_environment() | {"CACHE_URL": None}

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **environment)

    assert result.returncode != 0
    assert "portal.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://cache.internal:6379/2", "django.core.cache.backends.redis.RedisCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_names_the_backend(url, backend):
    result = _run(
        ["-c", "import django; from django.conf import settings; django.setup(); "
         "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"],
        SECRET_KEY="x", CACHE_URL=url,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == backend
    if url.startswith("redis"):
        assert result.stdout.split()[1] == url


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [("CACHE_URL", "memcached://x", "CACHE_URL must start with"),
     ("PAGE_CACHE_SECONDS", "-1", "PAGE_CACHE_SECONDS must be 0")],
)  # fmt: skip
def test_a_bad_cache_setting_stops_startup(variable, value, message):
    result = _run(["-c", PRINT_SETTINGS], SECRET_KEY="x", **{variable: value})

    assert result.returncode != 0
    assert message in result.stderr
