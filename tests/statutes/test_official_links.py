"""Links to the official text are built from a confirmed chapter, never guessed."""

import pytest
from django.core.exceptions import ValidationError

from statutes.models import OFFICIAL_TEXT_PATTERN, official_text_url
from tests.factories import make_statute

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("chapter", "section", "url"),
    [
        ("98", "7-148cc", "https://www.cga.ct.gov/current/pub/chap_098.htm#sec_7-148cc"),
        ("103b", "7-273aa", "https://www.cga.ct.gov/current/pub/chap_103b.htm#sec_7-273aa"),
        ("368f", "19a-241", "https://www.cga.ct.gov/current/pub/chap_368f.htm#sec_19a-241"),
        ("50", "4-124s", "https://www.cga.ct.gov/current/pub/chap_050.htm#sec_4-124s"),
    ],
)
def test_the_official_address_follows_the_general_assemblys_pattern(chapter, section, url):
    assert official_text_url(chapter, section) == url
    assert OFFICIAL_TEXT_PATTERN.match(url)


def test_a_confirmed_chapter_fills_in_the_link():
    statute = make_statute("CGS § 7-148mm", chapter="98")

    assert statute.official_url == "https://www.cga.ct.gov/current/pub/chap_098.htm#sec_7-148mm"


def test_a_range_links_to_its_first_section():
    statute = make_statute("CGS Chapter 105, §§ 7-333 to 7-339", chapter="105")

    assert statute.official_url.endswith("chap_105.htm#sec_7-333")


def test_a_chapter_that_is_not_a_number_fails_validation():
    statute = make_statute("CGS § 7-137")
    statute.chapter = "ninety-seven"

    with pytest.raises(ValidationError) as raised:
        statute.full_clean()

    assert "chapter" in raised.value.message_dict


def test_without_a_chapter_the_page_says_why_there_is_no_link(client):
    statute = make_statute("CGS § 7-137", title="Regional economic development commissions")

    html = client.get(statute.get_absolute_url()).content.decode()

    assert statute.official_url == ""
    assert "no source we could check confirms which chapter holds this one" in html
    assert "Link not yet recorded" not in html


def test_an_unidentified_law_says_why_there_is_no_link(client):
    statute = make_statute("", title="Public Act including Governor's Bill", slug="public-act")

    html = client.get(statute.get_absolute_url()).content.decode()

    assert "We have not yet identified which law this is" in html


def test_a_linked_statute_names_its_chapter(client):
    statute = make_statute("CGS § 7-148cc", chapter="98")

    html = client.get(statute.get_absolute_url()).content.decode()

    assert "Chapter 98 of the General Statutes" in html
    assert 'href="https://www.cga.ct.gov/current/pub/chap_098.htm#sec_7-148cc"' in html


def test_a_corrected_chapter_corrects_the_link():
    statute = make_statute("CGS § 7-148mm", chapter="99")

    statute.chapter = "98"
    statute.save()

    assert statute.official_url == "https://www.cga.ct.gov/current/pub/chap_098.htm#sec_7-148mm"


def test_a_chapter_no_longer_confirmed_drops_the_built_link():
    statute = make_statute("CGS § 7-148mm", chapter="98")

    statute.chapter = ""
    statute.save()

    assert statute.official_url == ""


def test_a_link_staff_entered_by_hand_is_kept():
    url = "https://www.cga.ct.gov/2023/pub/chap_113a.htm"
    statute = make_statute("CGS § 7-479b", official_url=url)

    statute.save()

    assert statute.official_url == url
