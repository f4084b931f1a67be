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


# --- private-use characters, ampersands, an over-long post --------------------------------------

PRIVATE_USE = "Priv\U000f002a\U000f005cate"  # plane-15 private use, once the Word file's stand-ins


def _post_names(client, towns, service, action, names):
    return client.post(DRAFT_URL, form_data(service, towns, other_parties=names, action=action))


def test_private_use_characters_stay_as_typed_in_the_word_file(client, towns, service):
    response = _post_names(client, towns, service, "docx", PRIVATE_USE)

    text = docx_text(open_docx(response.content))
    assert PRIVATE_USE in text
    assert "Priv*\\ate" not in text


def test_private_use_characters_read_the_same_in_preview_and_word_file(client, towns, service):
    preview = _post_names(client, towns, service, "preview", PRIVATE_USE)
    word = _post_names(client, towns, service, "docx", PRIVATE_USE)

    among = f"Among Tolland, Vernon, Ellington and {PRIVATE_USE}"
    assert among in preview.content.decode()
    assert among in docx_text(open_docx(word.content))


def test_an_ampersand_stays_readable_in_the_markdown_file(client, towns, service):
    text = _post_names(client, towns, service, "markdown", "AT&T Fire").content.decode()

    assert "AT&T Fire" in text
    assert "&amp;" not in text


def test_something_that_looks_like_an_entity_stays_literal_everywhere(client, towns, service):
    names = "Smith &lt; Co\nJones &#60; Co\nBrown&amp Co"
    markdown = _post_names(client, towns, service, "markdown", names).content.decode()
    word = docx_text(open_docx(_post_names(client, towns, service, "docx", names).content))
    html = _post_names(client, towns, service, "preview", names).content.decode()

    assert "Smith &amp;lt; Co" in markdown and r"Jones &amp;\#60; Co" in markdown
    assert "Brown&amp Co" in markdown  # no semicolon: not an entity, left readable
    for name in ("Smith &lt; Co", "Jones &#60; Co", "Brown&amp Co"):
        assert name in word, name
    assert "Smith &amp;lt; Co" in html and "Brown&amp;amp Co" in html


def test_an_over_long_post_is_not_echoed_back_in_full(client, towns, service):
    from drafting.forms import DraftForm

    cap = DraftForm.base_fields["other_parties"].max_length

    response = _post_names(client, towns, service, "preview", "Town\n" * 5000)

    assert "other_parties" in response.context["form"].errors
    echoed = response.context["form"]["other_parties"].value()
    assert 0 < len(echoed) <= cap
    assert len(response.content) < 5000 * len("Town\n")
