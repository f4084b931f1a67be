"""Fetches external links and says whether they work, using only the standard library.

Run from `manage.py check_links` (by cron or a scheduler), never inside a web request: a check
can take minutes, and no view imports this module.

Settings, all optional: LINKCHECK_TIMEOUT (seconds one request may take in all, default 10),
LINKCHECK_CONCURRENCY (links checked at once, default 8), LINKCHECK_DEADLINE (seconds for the
whole run, default 600; links not reached by then are left for the next run),
LINKCHECK_ALLOW_PRIVATE (also fetch addresses on this machine and private networks, for an
intranet portal; default False).

Decisions:
- HEAD first, as it costs the site nothing; GET when HEAD gets an error status, because many
  servers answer HEAD wrongly (405, 403, 501, even 404 or 500) while serving the page fine.
- 429 and 503 mean "come back later": recorded as an error with the status, not as broken, and
  not retried with GET, which would only press a server that asked us to wait.
- Redirects are followed by hand, up to five, and only to http(s) addresses, so each hop is seen.
- Certificates are verified: a bad one is what a resident's browser would refuse too.
- Only public addresses are fetched, at every hop: a link (or a redirect) to localhost, a
  private network or the cloud metadata address 169.254.169.254 would have this server probe
  places no resident can reach. The name is looked up once per hop, every address checked, and
  the connection made to one of those very addresses while the Host header and the certificate
  check still name the host, so a name that answers differently a moment later (DNS rebinding)
  cannot slip past. For the same reason no proxy is used: it would look the name up again.
- A request is cut off when its total time is up, not only when one read waits too long: a
  server that sends a header line a second would otherwise hold a worker, and the process, forever.
"""

import contextlib
import functools
import http.client
import ipaddress
import math
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from linkcheck.models import LinkStatus

MAX_REDIRECTS = 5
BODY_BYTES = 4096  # enough to know the server sends a page; never the whole file
TRY_LATER = {429, 503}
WEB_PORTS = {"http": 80, "https": 443}
DEFAULTS = {
    "LINKCHECK_TIMEOUT": 10,
    "LINKCHECK_CONCURRENCY": 8,
    "LINKCHECK_DEADLINE": 600,
    "LINKCHECK_ALLOW_PRIVATE": False,
}
NOT_PUBLIC = "Not a public address"
# IPv6 addresses that carry an IPv4 one a gateway may route to; `is_global` does not look inside.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class _DeadlinePassed(Exception):
    """The run's deadline cut a check short: no verdict on the link, which waits for next run."""


@dataclass(frozen=True)
class Result:
    status: str
    http_status: int | None = None
    final_url: str = ""
    error: str = ""


@functools.cache
def _tls_context():
    """One verifying context for all checks: loading the CA store costs more than many a check."""
    return ssl.create_default_context()


class _Connection(http.client.HTTPConnection):
    """Connects only to `addresses` (already checked), and can be cut off from another thread."""

    def __init__(self, host, port, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses
        self.cut_off = False
        self._lock = threading.Lock()

    def connect(self):
        error = None
        for family, kind, proto, _, address in self.addresses:
            sock = socket.socket(family, kind, proto)
            self._hold(sock)
            try:
                sock.settimeout(self.timeout)
                sock.connect(address)
                return
            except OSError as failure:
                error = failure
                self.sock = None
                sock.close()
        raise error

    def cut(self):
        """Shut the socket, from the watchdog: a read blocked on it in the worker returns at once."""
        with self._lock:
            self.cut_off = True
            sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # socket.socket's shutdown, not SSLSocket's, which would unwrap TLS mid-read.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _hold(self, sock):
        """Make `sock` the one cut() shuts, unless the time is already up."""
        with self._lock:
            self.sock = sock
            if self.cut_off:
                raise TimeoutError("No answer in time")


class _TLSConnection(_Connection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        tls = _tls_context().wrap_socket(
            self.sock, server_hostname=self.host, do_handshake_on_connect=False
        )
        self._hold(tls)  # before the handshake, so a server dripping it is cut off too
        tls.do_handshake()


def settings_value(name):
    return getattr(settings, name, DEFAULTS[name])


def user_agent() -> str:
    return f"{settings.SITE_NAME} link checker (checks the links its pages cite)"


def _addresses(parts):
    """The (family, type, proto, _, sockaddr) answers of a DNS lookup of the URL's host.

    Raises socket.gaierror when the name is unknown, ValueError when the URL has no usable host.
    """
    if not parts.hostname:
        raise ValueError("no host")
    return socket.getaddrinfo(parts.hostname, _port(parts), type=socket.SOCK_STREAM)


def _port(parts):
    return parts.port or WEB_PORTS[parts.scheme.lower()]


def _is_public(address: str) -> bool:
    """Whether `address` is on the public internet, an IPv4 address inside an IPv6 one too."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # drop an IPv6 scope ("fe80::1%eth0")
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour
        if ip in NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if inner is not None and not inner.is_global:
            return False
    return ip.is_global


def _allowed(addresses) -> bool:
    if settings_value("LINKCHECK_ALLOW_PRIVATE"):
        return True
    return all(_is_public(sockaddr[0]) for *_, sockaddr in addresses)


def _request(parts, addresses, method, timeout):
    """(status, Location header) of one request, reading at most BODY_BYTES of the body.

    A watchdog shuts the connection once `timeout` seconds have passed in all, so the request
    ends then however slowly the server drips its answer.
    """
    kind = _TLSConnection if parts.scheme.lower() == "https" else _Connection
    connection = kind(parts.hostname, _port(parts), addresses, timeout)
    watchdog = threading.Timer(timeout, connection.cut)
    watchdog.name, watchdog.daemon = "linkcheck-watchdog", True
    watchdog.start()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"User-Agent": user_agent(), "Accept": "*/*", "Connection": "close"}
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        if method == "GET" and 200 <= response.status < 300:
            response.read(BODY_BYTES)
        if connection.cut_off:
            # http.client takes a hang-up within the headers for their end, so check here too.
            raise TimeoutError("No answer in time")
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException, ValueError) as error:
        if connection.cut_off:
            raise TimeoutError("No answer in time") from error
        raise
    finally:
        watchdog.cancel()
        connection.close()


def _fetch(url, method, timeout, deadline) -> Result:
    """Follow up to MAX_REDIRECTS redirects from `url` with `method`, and classify the end."""
    current, status = url, None
    for _ in range(MAX_REDIRECTS + 1):
        before_deadline = deadline - time.monotonic()
        if before_deadline <= 0:
            raise _DeadlinePassed
        parts = urlsplit(current)
        addresses = _addresses(parts)
        if not _allowed(addresses):
            return Result(LinkStatus.ERROR, status, _moved(url, current), NOT_PUBLIC)
        try:
            status, location = _request(parts, addresses, method, min(timeout, before_deadline))
        except TimeoutError:
            if before_deadline <= timeout:
                raise _DeadlinePassed from None
            raise
        if 300 <= status < 400 and location:
            current = urljoin(current, location)
            if urlsplit(current).scheme.lower() not in WEB_PORTS:
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
    if isinstance(error, ssl.SSLCertVerificationError):
        return Result(LinkStatus.TLS_ERROR, error=_short(error.verify_message or error))
    if isinstance(error, ssl.SSLError):
        return Result(LinkStatus.TLS_ERROR, error=_short(error.reason or error))
    if isinstance(error, TimeoutError):
        return Result(LinkStatus.TIMEOUT, error="No answer in time")
    if isinstance(error, socket.gaierror):
        return Result(LinkStatus.ERROR, error="Address not found (DNS)")
    if isinstance(error, ConnectionRefusedError):
        return Result(LinkStatus.ERROR, error="Connection refused")
    if isinstance(error, (ValueError, http.client.InvalidURL)):
        return Result(LinkStatus.ERROR, error=_short(f"Not a valid address: {error}"))
    return Result(LinkStatus.ERROR, error=_short(error))


def _short(message) -> str:
    return str(message)[:300]


def check_url(
    url: str, *, timeout: float | None = None, deadline: float = math.inf
) -> Result | None:
    """Check one link: at most (MAX_REDIRECTS + 1) × 2 requests, each cut off after `timeout`
    seconds or at `deadline` (a time.monotonic() value); None if the deadline cut it short."""
    timeout = timeout if timeout is not None else settings_value("LINKCHECK_TIMEOUT")
    if urlsplit(url).scheme.lower() not in WEB_PORTS:
        return Result(LinkStatus.ERROR, error="Not a web address")
    try:
        result = _fetch(url, "HEAD", timeout, deadline)
        if result.status == LinkStatus.BROKEN:
            result = _fetch(url, "GET", timeout, deadline)
    except (OSError, http.client.HTTPException, ValueError) as error:
        # A malformed address (ValueError) is the link's fault, as is a broken server;
        # anything else is a bug here and stops the run.
        return _failure(error)
    except _DeadlinePassed:
        return None
    return result


def check_urls(urls) -> dict[str, Result]:
    """Check `urls` a few at a time; links not done by the deadline are missing from the result.

    Every request is cut off at its timeout or at the deadline, whichever comes first, so the
    workers end with the run and the process can exit. Only a name lookup (DNS) can outlast the
    deadline: no timeout here interrupts it, the system's resolver bounds it.
    """
    urls = list(urls)
    timeout = settings_value("LINKCHECK_TIMEOUT")
    if not urls:
        return {}
    executor = ThreadPoolExecutor(
        max_workers=settings_value("LINKCHECK_CONCURRENCY"), thread_name_prefix="linkcheck"
    )
    deadline = time.monotonic() + settings_value("LINKCHECK_DEADLINE")
    futures = {
        executor.submit(check_url, url, timeout=timeout, deadline=deadline): url for url in urls
    }
    try:
        done, _ = wait(futures, timeout=max(0, deadline - time.monotonic()))
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    results = {futures[future]: future.result() for future in done}
    return {url: result for url, result in results.items() if result is not None}
