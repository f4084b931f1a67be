"""Tiny typed readers for the environment that fail loudly on bad values."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list, with blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key_from_file(path: Path) -> str:
    """The key stored in `path` (see create_secret_key_file), or "" when there is no such file."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        return ""
    if not key:
        raise ImproperlyConfigured(f"{path} is empty; delete it, or put a secret key in it.")
    return key


def create_secret_key_file(path: Path) -> bool:
    """Write a new random key to `path`, readable by its owner only, unless the file exists.

    Returns whether it wrote one. The key is never printed: `make run` calls this so that a
    developer's machine serves with debug off without anyone choosing a key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: never overwrite a key (that would sign everyone out); 0o600: owner only.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(50) + "\n")
    return True


def cache_from_url(url: str) -> dict:
    """A CACHES entry from an address: locmem:// (per process), redis://host:port/db (or
    rediss:// for TLS; shared by every app server), or dummy:// (caches nothing)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.split("://", 1)[1] or "portal",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, redis://, rediss:// or dummy://; got {url!r}."
    )
