"""The record of a link's last check, and what the staff dashboard asks of it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from linkcheck.models import LinkCheck, LinkStatus, uses_of
from linkcheck.targets import TARGETS
from tests.factories import make_body, make_contact, make_source

pytestmark = pytest.mark.django_db


def make_check(url="https://example.org/", status=LinkStatus.OK, **fields):
    return LinkCheck.objects.create(url=url, status=status, checked_at=timezone.now(), **fields)


def test_failing_excludes_working_and_redirected_links():
    make_check("https://example.org/ok")
    make_check("https://example.org/moved", LinkStatus.REDIRECTED)
    failing = {
        make_check(f"https://example.org/{status}", status)
        for status in (
            LinkStatus.BROKEN,
            LinkStatus.TIMEOUT,
            LinkStatus.TLS_ERROR,
            LinkStatus.ERROR,
        )
    }

    assert set(LinkCheck.objects.failing()) == failing


def test_a_very_long_address_can_be_recorded_once():
    url = "https://example.org/" + "a" * 5000

    make_check(url)

    assert LinkCheck.objects.for_urls([url]).get().url == url


def test_used_by_names_each_record_and_its_admin_page():
    source = make_source(url="https://town.example.org/")
    body = make_body("Avon", website="https://town.example.org/")
    make_source(url="https://elsewhere.example.org/")
    check = make_check("https://town.example.org/")

    uses = check.used_by()

    assert [(use.label, use.obj, use.admin_url) for use in uses] == [
        (
            "Source · address (URL)",
            source,
            reverse("admin:sources_source_change", args=[source.pk]),
        ),
        (
            "Municipality or public body · website",
            body,
            reverse("admin:municipalities_publicbody_change", args=[body.pk]),
        ),
    ]


def test_used_by_costs_one_query_per_target_field(django_assert_num_queries):
    check = make_check("https://town.example.org/")
    make_contact(organization_url="https://town.example.org/")

    with django_assert_num_queries(len(TARGETS)):
        check.used_by()


def test_uses_of_many_links_costs_one_query_per_target_field(django_assert_num_queries):
    urls = [f"https://town{n}.example.org/" for n in range(10)]
    for url in urls:
        make_body(website=url)

    with django_assert_num_queries(len(TARGETS)):
        uses = uses_of(urls)

    assert all(len(uses[url]) == 1 for url in urls)
