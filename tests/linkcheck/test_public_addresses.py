"""Only public addresses are fetched: a cited link must not let the checker probe this server's
own network. The tests never leave the machine: refused addresses are never connected to."""

import socket

import pytest

from linkcheck import checker
from linkcheck.checker import NOT_PUBLIC, Result, check_url
from linkcheck.models import LinkStatus


@pytest.fixture(autouse=True)
def _public_only(_fast_checks, settings):
    settings.LINKCHECK_ALLOW_PRIVATE = False


@pytest.fixture
def web_is_public(monkeypatch):
    """Let the test server's 127.0.0.1 stand in for a public site; all else private stays so."""
    is_public = checker._is_public
    monkeypatch.setattr(
        checker, "_is_public", lambda address: address == "127.0.0.1" or is_public(address)
    )


def test_a_server_on_this_machine_is_refused_without_a_request(web):
    result = check_url(web.url("/ok"))

    assert result == Result(LinkStatus.ERROR, error=NOT_PUBLIC)
    assert web.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://10.0.0.1/",
        "https://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://0.0.0.0/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://[::ffff:169.254.169.254]/",  # IPv4-mapped
        "http://[2002:a9fe:a9fe::]/",  # 6to4 around 169.254.169.254
        "http://[64:ff9b::a00:1]/",  # NAT64 around 10.0.0.1
    ],
)
def test_a_private_address_is_refused(url):
    assert check_url(url) == Result(LinkStatus.ERROR, error=NOT_PUBLIC)


def test_private_addresses_are_fetched_when_allowed(web, settings):
    settings.LINKCHECK_ALLOW_PRIVATE = True

    assert check_url(web.url("/ok")).status == LinkStatus.OK


def test_a_public_address_is_fetched(web, web_is_public):
    assert check_url(web.url("/ok")).status == LinkStatus.OK


def test_a_redirect_to_a_private_address_is_not_followed(web, web_is_public):
    result = check_url(web.url("/to-loopback"))

    assert result == Result(LinkStatus.ERROR, 301, f"http://[::1]:{web.server_port}/ok", NOT_PUBLIC)


def test_the_connection_goes_to_the_address_that_was_checked(web, web_is_public, monkeypatch):
    """A name that answers a public address, then a private one (DNS rebinding), gets the first."""
    answers = iter(["127.0.0.1", "10.0.0.1"])
    lookup = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        return lookup(next(answers) if host == "rebind.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)

    result = check_url(f"http://rebind.example:{web.server_port}/ok")

    assert result.status == LinkStatus.OK
    assert web.methods("/ok") == ["HEAD"]


def test_an_unknown_name_is_still_a_dns_error():
    result = check_url("https://site.example.invalid/page")

    assert (result.status, result.error) == (LinkStatus.ERROR, "Address not found (DNS)")
