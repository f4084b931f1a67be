"""A body with many partners: its page names the 30 it shares the most with, and says so."""

import re

import pytest

from agreements.models import PartyRole
from tests.factories import make_agreement, make_body

pytestmark = pytest.mark.django_db


def test_a_body_page_names_its_30_closest_partners_of_35(client):
    hub = make_body("Hub Town", slug="hub")
    partners = [make_body(f"Partner {n:02d}", slug=f"partner-{n:02d}") for n in range(35)]
    for partner in partners:
        make_agreement(parties=[(hub, PartyRole.LEAD), (partner, PartyRole.RECIPIENT)])
    # Partners 30-34 share a second agreement: they must be among the 30 shown.
    for partner in partners[30:]:
        make_agreement(parties=[(hub, PartyRole.LEAD), (partner, PartyRole.RECIPIENT)])

    html = client.get("/municipalities/hub/").content.decode()
    listed = re.search(r'<ul class="network-list">(.*?)</ul>', html, re.S).group(1)
    names = re.findall(r">(Partner \d\d)</a>", listed)

    assert len(names) == 30 and names == sorted(names)
    assert {f"Partner {n:02d}" for n in range(30, 35)} <= set(names)
    assert "The 30 partners Hub Town shares the most agreements with, of 35." in html
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group()
    assert len(re.findall(r"<a href=", svg)) == 31  # the hub and its 30 partners
