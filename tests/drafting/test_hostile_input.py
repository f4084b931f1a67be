"""What an official types is text: escaped on the page and in the files, never markup or a crash."""

import zipfile
from io import BytesIO

import pytest

from drafting.forms import MAX_NAME
from tests.drafting.conftest import DRAFT_URL, docx_text, form_data, open_docx
from tests.factories import make_body

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
LINK = "[click](javascript:alert(1)) **bold** _it_ {lead}"
UNICODE = "Śródmieście Fire District 🚒 “quoted”"
CONTROL = "Control\x00\x01\x0b\x1f\x7f\ufffeTown"
LONGEST = "L" * (MAX_NAME - 1) + "Z"
OTHERS = "\n".join([SCRIPT, LINK, UNICODE, CONTROL, LONGEST])


def _post(client, towns, service, action, **changes):
    return client.post(
        DRAFT_URL, form_data(service, towns, other_parties=OTHERS, action=action, **changes)
    )


def test_hostile_names_are_escaped_in_the_preview(client, towns, service):
    html = _post(client, towns, service, "preview").content.decode()

    assert "Preview of your draft" in html
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" not in html
    assert "[click](javascript:alert(1)) **bold** _it_ {lead}" in html
    assert UNICODE.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or UNICODE in html
    assert "ControlTown" in html and "\x01" not in html
    assert LONGEST in html


def test_hostile_names_are_plain_text_in_the_word_file(client, towns, service):
    response = _post(client, towns, service, "docx")

    text = docx_text(open_docx(response.content))
    for name in (SCRIPT, LINK, UNICODE, "ControlTown", LONGEST):
        assert name in text
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_hostile_names_stay_literal_in_the_markdown_file(client, towns, service):
    text = _post(client, towns, service, "markdown").content.decode()

    assert SCRIPT not in text  # would be live HTML in a Markdown viewer
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert r"\[click\](javascript:alert(1)) \*\*bold\*\* \_it\_ \{lead\}" in text
    assert "\x01" not in text


def test_hostile_body_names_from_the_portal_are_escaped_too(client, service):
    odd = make_body('<img src=x onerror="alert(1)">')
    other = make_body("Plain Town")

    response = client.post(DRAFT_URL, form_data(service, [odd, other]))

    html = response.content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert (
        docx_text(
            open_docx(
                client.post(DRAFT_URL, form_data(service, [odd, other], action="docx")).content
            )
        ).count('<img src=x onerror="alert(1)">')
        >= 2
    )  # the parties clause and a signature block


def test_a_name_over_the_limit_is_a_form_error(client, towns, service):
    data = form_data(service, towns, other_parties="x" * (MAX_NAME + 1))

    response = client.post(DRAFT_URL, data)

    assert response.status_code == 200
    assert f"longer than {MAX_NAME} characters" in response.content.decode()


def test_a_huge_other_parties_field_is_a_form_error(client, towns, service):
    response = client.post(DRAFT_URL, form_data(service, towns, other_parties="Town\n" * 5000))

    assert response.status_code == 200
    assert "other_parties" in response.context["form"].errors


def test_control_characters_in_staff_clauses_do_not_break_the_word_file(client, towns, service):
    from tests.drafting.conftest import make_clause

    make_clause("Odd clause", text="Bell\x07 and vertical tab\x0b here.")

    response = client.post(DRAFT_URL, form_data(service, towns, action="docx"))

    assert "Bell and vertical tab here." in docx_text(open_docx(response.content))
