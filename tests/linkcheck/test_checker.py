"""The checker against local servers: each kind of answer gets the right verdict."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from linkcheck.checker import check_url, check_urls
from linkcheck.models import LinkStatus


def test_a_page_that_answers_is_ok(web):
    result = check_url(web.url("/ok"))

    assert (result.status, result.http_status, result.final_url) == (LinkStatus.OK, 200, "")


def test_a_working_link_costs_one_head_request(web):
    check_url(web.url("/ok"))

    assert web.methods("/ok") == ["HEAD"]


def test_the_user_agent_names_the_portal(web):
    check_url(web.url("/ok"))

    assert settings.SITE_NAME in web.requests[-1][2]


def test_a_permanent_redirect_to_a_page_is_redirected_with_where_it_ended(web):
    result = check_url(web.url("/moved"))

    assert (result.status, result.http_status) == (LinkStatus.REDIRECTED, 200)
    assert result.final_url == web.url("/ok")


def test_a_redirect_loop_stops_after_five_redirects(web):
    result = check_url(web.url("/loop"))

    assert result.status == LinkStatus.ERROR
    assert "redirects" in result.error
    assert web.methods("/loop") == ["HEAD"] * 6


def test_a_redirect_to_another_scheme_is_not_followed(web):
    result = check_url(web.url("/to-ftp"))

    assert result.status == LinkStatus.ERROR
    assert result.error == "Redirects to a non-web address"
    assert result.final_url == "ftp://127.0.0.1/file.pdf"


def test_a_missing_page_is_broken_with_its_status(web):
    result = check_url(web.url("/missing"))

    assert (result.status, result.http_status, result.error) == (
        LinkStatus.BROKEN, 404, "HTTP 404"
    )  # fmt: skip


def test_a_broken_answer_to_head_is_confirmed_with_get(web):
    check_url(web.url("/missing"))

    assert web.methods("/missing") == ["HEAD", "GET"]


def test_a_server_error_is_broken(web):
    result = check_url(web.url("/crash"))

    assert (result.status, result.http_status) == (LinkStatus.BROKEN, 500)


def test_a_busy_server_is_an_error_to_try_later_without_a_second_request(web):
    result = check_url(web.url("/busy"))

    assert (result.status, result.http_status) == (LinkStatus.ERROR, 503)
    assert web.methods("/busy") == ["HEAD"]


def test_a_server_refusing_head_is_checked_with_get(web):
    result = check_url(web.url("/no-head"))

    assert (result.status, result.http_status) == (LinkStatus.OK, 200)
    assert web.methods("/no-head") == ["HEAD", "GET"]


def test_a_slow_server_times_out_within_the_timeout(web):
    started = time.monotonic()

    result = check_url(web.url("/slow"), timeout=0.3)

    assert result.status == LinkStatus.TIMEOUT
    assert time.monotonic() - started < 1.2


def test_a_server_dripping_its_headers_times_out_within_the_timeout(web):
    started = time.monotonic()

    result = check_url(web.url("/drip"))  # each header line comes well within the 0.5 s

    assert result.status == LinkStatus.TIMEOUT
    assert time.monotonic() - started < 2


def test_a_server_dripping_its_tls_handshake_times_out_within_the_timeout(tls_drip):
    started = time.monotonic()

    result = check_url(tls_drip)

    assert result.status == LinkStatus.TIMEOUT
    assert time.monotonic() - started < 2


def test_a_self_signed_certificate_is_a_tls_error(bad_tls):
    result = check_url(bad_tls.url("/ok"))

    assert result.status == LinkStatus.TLS_ERROR
    assert "certificate" in result.error


def test_a_closed_port_is_an_error(closed_port):
    result = check_url(closed_port)

    assert (result.status, result.error) == (LinkStatus.ERROR, "Connection refused")


def test_a_non_web_address_is_not_fetched():
    result = check_url("mailto:clerk@example.org")

    assert (result.status, result.error) == (LinkStatus.ERROR, "Not a web address")


def test_a_malformed_address_is_an_error_not_a_crash():
    result = check_url("http://127.0.0.1:notaport/")

    assert result.status == LinkStatus.ERROR


def test_links_are_checked_concurrently(web, settings):
    settings.LINKCHECK_CONCURRENCY = 3
    started = time.monotonic()

    results = check_urls([web.url(f"/slow?{n}") for n in range(3)])

    assert {result.status for result in results.values()} == {LinkStatus.TIMEOUT}
    assert time.monotonic() - started < 1.2  # three timeouts of 0.5 s, side by side


def test_links_not_reached_by_the_deadline_are_left_out(web, settings):
    settings.LINKCHECK_CONCURRENCY = 1
    settings.LINKCHECK_DEADLINE = 0.2

    results = check_urls([web.url("/slow?1"), web.url("/slow?2")])

    assert results == {}


def test_a_check_cut_short_by_the_deadline_gives_no_verdict(web):
    started = time.monotonic()

    result = check_url(web.url("/drip"), timeout=5, deadline=started + 0.3)

    assert result is None
    assert time.monotonic() - started < 1


def _checker_threads(before):
    return [
        thread
        for thread in threading.enumerate()
        if thread.name.startswith("linkcheck") and thread not in before
    ]


def test_no_checker_thread_outlives_the_deadline(web, settings):
    settings.LINKCHECK_TIMEOUT = 30
    settings.LINKCHECK_DEADLINE = 0.5
    before = set(threading.enumerate())

    results = check_urls([web.url("/drip?1"), web.url("/drip?2")])

    assert results == {}
    give_up = time.monotonic() + 1
    while _checker_threads(before) and time.monotonic() < give_up:
        time.sleep(0.05)
    assert _checker_threads(before) == []


EXIT_AFTER_CHECKS = """
import sys

import django

django.setup()
from django.conf import settings

settings.LINKCHECK_TIMEOUT = 30
settings.LINKCHECK_DEADLINE = 1
settings.LINKCHECK_ALLOW_PRIVATE = True
from linkcheck.checker import check_urls

check_urls(sys.argv[1:])
"""


def test_the_process_exits_soon_after_the_deadline_however_slow_the_servers(web):
    """Python waits for worker threads at exit: one held by a server would hang `check_links`."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    started = time.monotonic()

    subprocess.run(
        [sys.executable, "-c", EXIT_AFTER_CHECKS, web.url("/drip?1"), web.url("/drip?2")],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        check=True,
        capture_output=True,
        timeout=30,
    )

    assert time.monotonic() - started < 10  # Django's start-up, then the 1 s deadline
