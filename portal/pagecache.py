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
  login attempts, the admin's log, history rows, download counting, the search index itself,
  which no public page shows as such); the signals are connected model by model, so that the
  bookkeeping models keep Django's fast bulk delete;
- any write request to the admin by signed-in staff (covers `queryset.update()` in admin
  actions, which sends no signals), but not signing in or out;
- the search index, once it has indexed what a commit changed (search.indexing.flush), so that
  no search page is cached between the commit and the index;
- the commands that load content in bulk (`bump()` at their end).

What is never served from the cache, nor stored: anything but GET; addresses with a query
string longer than MAX_QUERY_LENGTH (junk parameters must not fill the cache); requests carrying a
cookie but the CSRF one (a session: staff and their draft previews; messages; the
comparison's choice); /admin/, /api/ (its own ETags
and rate limit), /health/ and uploads; responses that set a cookie (a CSRF token was used, a
message was consumed), that are private or no-store, streamed (exports) or not 200.

The cache failing (Redis down) never fails a page: it is made afresh, and the error logged.
`X-Page-Cache: hit|miss` is sent only with PAGE_CACHE_HEADER (tests, debugging): in production
it would tell anyone that someone else recently asked for an address, such as a search.
"""

import hashlib
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)
VERSION_KEY = "portal:content-version"
# Apps and models whose rows no public page shows, and that change on every login, request or
# download (the search index is refreshed after the content it shows, see flush()).
BOOKKEEPING_APPS = {"sessions", "axes", "admin", "contenttypes", "auth", "search"}
BOOKKEEPING_MODELS = {"agreements.downloadkey", "agreements.downloadvisit"}
NEVER_CACHED_PREFIXES = ("/admin/", "/api/", "/health/", "/media/", "/markdownx/", "/static/")
# Signing in and out changes no content.
NOT_A_CHANGE = ("/admin/login/", "/admin/logout/")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
MAX_QUERY_LENGTH = 300


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or ""
    return version


def bump() -> None:
    """A new content version: every page cached so far is out of date."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.exception("Could not bump the content version of the page cache")


def bump_on_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump when the current transaction commits (at once outside one), once per transaction."""
    connection = connections[using]
    if connection.in_atomic_block and any(hook[1] is bump for hook in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using)


def _changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump_on_commit(using)


def is_content(model) -> bool:
    return not (
        model._meta.app_label in BOOKKEEPING_APPS
        or model._meta.label_lower in BOOKKEEPING_MODELS
        or model.__name__.startswith("Historical")
    )


def connect_signals() -> None:
    """Per content model (a receiver for every model would slow every bulk delete down)."""
    for model in apps.get_models(include_auto_created=True):
        if not is_content(model):
            continue
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
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
            if _staff_changed_content(request):
                bump_on_commit()
            return response
        try:
            key = _key(request, content_version())
            cached = cache.get(key)
        except Exception:
            logger.exception("The page cache cannot be read; the page is made afresh")
            return self.get_response(request)
        if cached is not None:
            return _labelled(cached, "hit")
        response = self.get_response(request)
        if _cacheable_response(request, response):
            # Browsers and shared proxies revalidate (the ETag makes that cheap): they cannot
            # know when the content version changes.
            patch_cache_control(response, no_cache=True)
            try:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("The page cache cannot be written")
            _labelled(response, "miss")
        return response


def _staff_changed_content(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method not in SAFE_METHODS
        and request.path_info.startswith("/admin/")
        and not request.path_info.startswith(NOT_A_CHANGE)
        and user is not None
        and user.is_authenticated
    )


def _labelled(response, how: str):
    if settings.PAGE_CACHE_HEADER:
        response["X-Page-Cache"] = how
    return response
