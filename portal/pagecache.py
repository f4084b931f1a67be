"""Anonymous pages served from the cache, invalidated exactly by a site-wide content version.

Every cached page is stored under the content version current when it was made. Any change
to content bumps the version when its transaction commits, so the next request of any page
misses and is made afresh: a publish, an edit, an unpublish, a delete, or a change to a
related object (a body renamed shows on every agreement page that names it) is visible on the
next request, on every app server that shares the cache (`CACHE_URL`). Old entries are never
read again and expire after PAGE_CACHE_SECONDS, which also bounds how long anything that
depends on today's date can stay unchanged.

The version is bumped by:
- a save, delete or many-to-many change of any model but the bookkeeping ones (sessions,
  login attempts, the admin's log, history rows, which no public page shows);
- any write request by a signed-in user (covers `queryset.update()` in admin actions, which
  sends no signals); public forms (the draft builder's download) change no content;
- the commands that load content in bulk (`bump()` at their end).

What is never served from the cache, nor stored: anything but GET; requests carrying a
cookie but the CSRF one (a session: staff and their draft previews; messages; the
comparison's choice); /admin/, /api/ (its own ETags
and rate limit), /health/ and uploads; responses that set a cookie (a CSRF token was used, a
message was consumed), that are private or no-store, streamed (exports) or not 200.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control

VERSION_KEY = "portal:content-version"
# Apps whose rows no public page shows, and that change on every login or request.
BOOKKEEPING_APPS = {"sessions", "axes", "admin", "contenttypes", "auth"}
NEVER_CACHED_PREFIXES = ("/admin/", "/api/", "/health/", "/media/", "/markdownx/", "/static/")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or ""
    return version


def bump() -> None:
    """A new content version: every page cached so far is out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_on_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump when the current transaction commits (at once outside one), once per transaction."""
    connection = connections[using]
    if connection.in_atomic_block and any(hook[1] is bump for hook in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using)


def _changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in BOOKKEEPING_APPS or sender.__name__.startswith("Historical"):
        return
    bump_on_commit(using)


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        # A cookie may change the page (a session: staff and their previews; messages; the
        # agreements being compared): only the CSRF cookie is known not to.
        and not set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}
        and not request.path_info.startswith(NEVER_CACHED_PREFIXES)
    )


def _cacheable_response(request, response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in control
        and "no-store" not in control
    )


def _key(request, version: str) -> str:
    # The host is part of the address: canonical and feed links are absolute.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"portal:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
                bump_on_commit()
            return response
        key = _key(request, content_version())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(request, response):
            # Browsers and shared proxies revalidate (the ETag makes that cheap): they cannot
            # know when the content version changes.
            patch_cache_control(response, no_cache=True)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
