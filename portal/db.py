"""Pages that answer when the database does not: timeouts, and 503 instead of a hang or a 500.

PostgreSQL gets three limits (settings DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT_MS and
DB_QUERY_TIMEOUT):
- libpq's `connect_timeout`, for a server that accepts connections but never answers them;
- the server's `statement_timeout`, which cancels a slow query and keeps the connection;
- a client-side watchdog on every round trip (below, installed by the backend
  portal.postgresql): when a query gets no answer at all within
  DB_QUERY_TIMEOUT (the network or server hangs, so the server cannot cancel it), the
  connection's socket is shut down, the query fails at once, and Django drops the
  connection at the end of the request. The next request connects afresh: recovery needs no
  restart.

`DatabaseUnavailableMiddleware` turns any database error during a request into the site's
503 page with Retry-After, and portal.views.server_error does the same for errors raised
outside the view.
"""

import contextlib
import logging
import os
import socket
import threading
from functools import partial

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.shortcuts import render

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def cut(raw_connection) -> None:
    """Shut the socket of a hung query: the blocked read returns and psycopg raises."""
    with contextlib.suppress(Exception):
        fd = raw_connection.pgconn.socket
        sock = socket.socket(fileno=os.dup(fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.close()
        logger.error("A database query got no answer in time; its connection was cut.")


@contextlib.contextmanager
def maintenance(connection):
    """Within a transaction: no time limit on this connection's queries until the block ends
    (statement_timeout off for the transaction, no watchdog), for work that is not a web
    request, such as counting every kept facet value again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
    connection.unlimited = True
    try:
        yield
    finally:
        connection.unlimited = False


def watchdog(execute, sql, params, many, context, seconds=None):
    """An execute wrapper: cut the connection if the query is not answered in `seconds`."""
    if getattr(context["connection"], "unlimited", False):
        return execute(sql, params, many, context)
    raw = context["connection"].connection
    timer = threading.Timer(seconds or settings.DB_QUERY_TIMEOUT, cut, args=(raw,))
    timer.daemon = True
    timer.start()
    try:
        return execute(sql, params, many, context)
    finally:
        timer.cancel()


def short_watchdog(seconds):
    return partial(watchdog, seconds=seconds)


def unavailable(request):
    """The 503 page: the portal cannot reach its database just now."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            # A lost database is one line; any other database error is a bug: its traceback.
            lost = isinstance(exception, OperationalError | InterfaceError)
            logger.error("Database error on %s: %s", request.path, exception,
                         exc_info=None if lost else exception)  # fmt: skip
            drop_broken_connections()
            return unavailable(request)
        return None


def drop_broken_connections() -> None:
    """Close connections the error left unusable, now rather than at the end of the request,
    so that the next request connects afresh (and the test client, which keeps connections
    between requests, sees the same recovery as a server)."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
