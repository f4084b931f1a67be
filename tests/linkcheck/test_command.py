"""`manage.py check_links` end to end: real records, local servers, results in the database."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkcheck.models import LinkCheck, LinkStatus
from tests.factories import (
    make_body,
    make_contact,
    make_program,
    make_resource,
    make_source,
    make_statute,
)

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


def _check(url):
    return LinkCheck.objects.get(url=url)


@pytest.mark.parametrize(
    ("path", "status", "http_status", "final_path"),
    [
        ("/ok", LinkStatus.OK, 200, ""),
        ("/moved", LinkStatus.REDIRECTED, 200, "/ok"),
        ("/missing", LinkStatus.BROKEN, 404, ""),
        ("/crash", LinkStatus.BROKEN, 500, ""),
        ("/no-head", LinkStatus.OK, 200, ""),
        ("/loop", LinkStatus.ERROR, None, "/loop"),
        ("/slow", LinkStatus.TIMEOUT, None, ""),
    ],
)
def test_a_source_link_is_recorded_with_its_result(web, path, status, http_status, final_path):
    make_source(url=web.url(path))

    _run()

    check = _check(web.url(path))
    assert (check.status, check.http_status) == (status, http_status)
    assert check.final_url == (web.url(final_path) if final_path else "")
    assert timezone.now() - check.checked_at < timedelta(minutes=1)


def test_a_website_with_a_bad_certificate_is_a_tls_error(bad_tls):
    make_body(website=bad_tls.url("/ok"))

    _run()

    assert _check(bad_tls.url("/ok")).status == LinkStatus.TLS_ERROR


def test_every_target_field_is_checked(web):
    make_source(url=web.url("/page?source"))
    make_body(website=web.url("/page?body"))
    make_statute(official_url=web.url("/page?statute"))
    make_program(website=web.url("/page?program"))
    make_contact(organization_url=web.url("/page?contact"))
    make_resource(url=web.url("/page?resource"))

    _run()

    assert LinkCheck.objects.filter(status=LinkStatus.OK).count() == 6


def test_draft_records_are_checked_too(web):
    make_body(website=web.url("/ok"), published=False)

    _run()

    assert _check(web.url("/ok")).status == LinkStatus.OK


def test_a_non_web_address_is_recorded_as_an_error(web):
    make_source(url="ftp://ftp.example.org/minutes.pdf")

    _run()

    check = _check("ftp://ftp.example.org/minutes.pdf")
    assert (check.status, check.error) == (LinkStatus.ERROR, "Not a web address")


def test_a_link_cited_twice_is_checked_once(web):
    make_source(url=web.url("/ok"))
    make_body(website=web.url("/ok"))

    _run()

    assert LinkCheck.objects.count() == 1
    assert web.methods("/ok") == ["HEAD"]


def test_anchors_on_one_page_are_checked_with_one_request_and_recorded_apart(web):
    make_statute(official_url=web.url("/page#sec_7-148cc"))
    make_statute(official_url=web.url("/page#sec_7-339a"))

    _run()

    assert web.methods("/page") == ["HEAD"]
    assert set(LinkCheck.objects.values_list("status", flat=True)) == {LinkStatus.OK}
    assert LinkCheck.objects.count() == 2


def test_empty_websites_are_not_checked(web):
    make_body(website="")

    _run()

    assert not LinkCheck.objects.exists()


def test_a_failing_link_keeps_the_date_it_began_failing(web):
    make_source(url=web.url("/missing"))
    _run()
    first = _check(web.url("/missing"))

    _run()

    again = _check(web.url("/missing"))
    assert again.first_failed_at == first.first_failed_at == first.checked_at
    assert again.checked_at > first.checked_at
    assert (first.failures, again.failures) == (1, 2)


def test_a_link_that_works_again_is_no_longer_failing(web):
    make_source(url=web.url("/mended"))
    web.answers["/mended"] = 404
    _run()
    _run()
    web.answers["/mended"] = 200

    _run()

    check = _check(web.url("/mended"))
    assert (check.status, check.first_failed_at, check.failures) == (LinkStatus.OK, None, 0)


def test_a_redirect_does_not_count_as_a_failure(web):
    make_source(url=web.url("/moved"))

    _run()

    assert (_check(web.url("/moved")).failures, _check(web.url("/moved")).first_failed_at) == (
        0, None
    )  # fmt: skip


def test_only_failing_rechecks_only_the_links_that_failed(web):
    make_source(url=web.url("/ok"))
    make_source(url=web.url("/missing"))
    _run()
    web.requests.clear()

    output = _run("--only-failing")

    assert {path for _, path, _ in web.requests} == {"/missing"}
    assert output.startswith("Checked 1 links: 0 ok, 0 redirected, 1 failing.")


def test_older_than_skips_links_checked_recently(web):
    make_source(url=web.url("/ok"))
    make_source(url=web.url("/page"))
    _run()
    LinkCheck.objects.filter(url=web.url("/page")).update(
        checked_at=timezone.now() - timedelta(hours=3)
    )
    web.requests.clear()

    _run("--older-than", "2")

    assert {path for _, path, _ in web.requests} == {"/page"}


def test_limit_checks_links_never_checked_first(web):
    make_source(url=web.url("/ok"))
    _run()
    make_source(url=web.url("/page"))
    web.requests.clear()

    _run("--limit", "1")

    assert {path for _, path, _ in web.requests} == {"/page"}


def test_checks_of_links_no_longer_cited_are_forgotten(web):
    source = make_source(url=web.url("/ok"))
    _run()
    source.delete()

    output = _run()

    assert not LinkCheck.objects.exists()
    assert "Forgot the checks of 1 links no longer cited." in output


def test_the_summary_counts_and_lists_the_failing_links(web):
    make_source(url=web.url("/ok"))
    make_source(url=web.url("/moved"))
    make_source(url=web.url("/missing"))

    output = _run()

    assert output.splitlines() == [
        "Checked 3 links: 1 ok, 1 redirected, 1 failing.",
        f"  broken: {web.url('/missing')} (HTTP 404)",
    ]


def test_failing_links_are_not_a_command_error(web):
    make_source(url=web.url("/missing"))

    _run()  # call_command raises on a CommandError or a crash; a broken site is neither


def test_a_bug_in_the_checker_stops_the_command(web, monkeypatch):
    make_source(url=web.url("/ok"))

    def broken(url, **options):
        raise RuntimeError("bug")

    monkeypatch.setattr("linkcheck.checker.check_url", broken)

    with pytest.raises(RuntimeError):
        _run()
    assert not LinkCheck.objects.exists()


def test_negative_limits_are_refused():
    with pytest.raises(CommandError, match="--limit"):
        _run("--limit", "-1")


def test_when_no_address_resolves_the_machine_is_offline_and_nothing_is_recorded():
    for number in range(5):
        make_source(url=f"https://site-{number}.example.invalid/page")

    with pytest.raises(CommandError, match="this machine seems to be offline"):
        _run()

    assert not LinkCheck.objects.exists()


def test_some_unresolvable_addresses_among_working_ones_are_recorded(web):
    for number in range(5):
        make_source(url=f"https://site-{number}.example.invalid/page")
    make_source(url=web.url("/ok"))

    _run()

    assert LinkCheck.objects.get(url=web.url("/ok")).status == LinkStatus.OK
    assert LinkCheck.objects.failing().count() == 5
