"""Fetches external links and says whether they work, using only the standard library.

Run from `manage.py check_links` (by cron or a scheduler), never inside a web request: a check
can take minutes, and no view imports this module.

Settings, all optional: LINKCHECK_TIMEOUT (seconds a request may wait on the network, default
10), LINKCHECK_CONCURRENCY (links checked at once, default 8), LINKCHECK_DEADLINE (seconds for
the whole run, default 600; links not reached by then are left for the next run).

Decisions:
- HEAD first, as it costs the site nothing; GET when HEAD gets an error status, because many
  servers answer HEAD wrongly (405, 403, 501, even 404 or 500) while serving the page fine.
- 429 and 503 mean "come back later": recorded as an error with the status, not as broken, and
  not retried with GET, which would only press a server that asked us to wait.
- Redirects are followed by hand, up to five, and only to http(s) addresses, so each hop is seen.
- Certificates are verified: a bad one is what a resident's browser would refuse too.
"""

import functools
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from linkcheck.models import LinkStatus

MAX_REDIRECTS = 5
BODY_BYTES = 4096  # enough to know the server sends a page; never the whole file
TRY_LATER = {429, 503}
WEB_SCHEMES = {"http", "https"}
DEFAULTS = {"LINKCHECK_TIMEOUT": 10, "LINKCHECK_CONCURRENCY": 8, "LINKCHECK_DEADLINE": 600}


@dataclass(frozen=True)
class Result:
    status: str
    http_status: int | None = None
    final_url: str = ""
    error: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hands every 3xx back to us as an HTTPError, so redirects are followed by _fetch."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@functools.cache
def _tls_context():
    """One verifying context for all checks: loading the CA store costs more than many a check."""
    return ssl.create_default_context()


def _opener():
    https = urllib.request.HTTPSHandler(context=_tls_context())
    return urllib.request.build_opener(_NoRedirects(), https)


def settings_value(name):
    return getattr(settings, name, DEFAULTS[name])


def user_agent() -> str:
    return f"{settings.SITE_NAME} link checker (checks the links its pages cite)"


def _request(opener, url, method, timeout):
    """(status, Location header) of one request, reading at most BODY_BYTES of the body."""
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
    )
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as answer:  # 3xx (see _NoRedirects), 4xx, 5xx
        with answer:
            return answer.code, answer.headers.get("Location")
    with response:
        if method == "GET":
            response.read(BODY_BYTES)
        return response.status, None


def _fetch(opener, url, method, timeout) -> Result:
    """Follow up to MAX_REDIRECTS redirects from `url` with `method`, and classify the end."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _request(opener, current, method, timeout)
        if 300 <= status < 400 and location:
            current = urljoin(current, location)
            if urlsplit(current).scheme.lower() not in WEB_SCHEMES:
                return Result(LinkStatus.ERROR, status, current, "Redirects to a non-web address")
            continue
        if 200 <= status < 300:
            if current == url:
                return Result(LinkStatus.OK, status)
            return Result(LinkStatus.REDIRECTED, status, current)
        if status in TRY_LATER:
            return Result(LinkStatus.ERROR, status, _moved(url, current), "Busy: try later")
        return Result(LinkStatus.BROKEN, status, _moved(url, current), f"HTTP {status}")
    return Result(LinkStatus.ERROR, None, current, f"More than {MAX_REDIRECTS} redirects")


def _moved(url, current):
    return current if current != url else ""


def _failure(error: BaseException) -> Result:
    """Classify what went wrong on the network."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ssl.SSLCertVerificationError):
        return Result(LinkStatus.TLS_ERROR, error=_short(reason.verify_message or reason))
    if isinstance(reason, ssl.SSLError):
        return Result(LinkStatus.TLS_ERROR, error=_short(reason.reason or reason))
    if isinstance(reason, TimeoutError):
        return Result(LinkStatus.TIMEOUT, error="No answer in time")
    if isinstance(reason, socket.gaierror):
        return Result(LinkStatus.ERROR, error="Address not found (DNS)")
    if isinstance(reason, ConnectionRefusedError):
        return Result(LinkStatus.ERROR, error="Connection refused")
    if isinstance(reason, (ValueError, http.client.InvalidURL)):
        return Result(LinkStatus.ERROR, error=_short(f"Not a valid address: {reason}"))
    return Result(LinkStatus.ERROR, error=_short(reason))


def _short(message) -> str:
    return str(message)[:300]


def check_url(url: str, *, timeout: float | None = None) -> Result:
    """Check one link: at most (MAX_REDIRECTS + 1) × 2 requests, each bounded by `timeout`."""
    timeout = timeout if timeout is not None else settings_value("LINKCHECK_TIMEOUT")
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        return Result(LinkStatus.ERROR, error="Not a web address")
    opener = _opener()
    try:
        result = _fetch(opener, url, "HEAD", timeout)
        if result.status == LinkStatus.BROKEN:
            result = _fetch(opener, url, "GET", timeout)
    except (OSError, http.client.HTTPException, ValueError) as error:
        # A malformed address (ValueError) is the link's fault, as is a broken server;
        # anything else is a bug here and stops the run.
        return _failure(error)
    return result


def check_urls(urls) -> dict[str, Result]:
    """Check `urls` a few at a time; links not done by the deadline are missing from the result.

    Threads still waiting on the network at the deadline are abandoned, not killed: each ends
    within its own timeouts, and Python waits for them before the process exits. Name lookups
    (DNS) are bounded by the system's resolver, not by LINKCHECK_TIMEOUT.
    """
    urls = list(urls)
    timeout = settings_value("LINKCHECK_TIMEOUT")
    if not urls:
        return {}
    executor = ThreadPoolExecutor(
        max_workers=settings_value("LINKCHECK_CONCURRENCY"), thread_name_prefix="linkcheck"
    )
    deadline = time.monotonic() + settings_value("LINKCHECK_DEADLINE")
    futures = {executor.submit(check_url, url, timeout=timeout): url for url in urls}
    try:
        done, _ = wait(futures, timeout=max(0, deadline - time.monotonic()))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    return {futures[future]: future.result() for future in done}
