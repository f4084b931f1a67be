"""A party counts once, however its name is typed, and a name must be visible to count."""

import pytest

from tests.drafting.conftest import DRAFT_URL, docx_text, form_data, open_docx

pytestmark = pytest.mark.django_db

TWO_PARTIES = "Choose at least two parties"
# Format characters that print as nothing or reorder text: bidi embeddings, overrides and
# isolates, marks, the BOM, zero-width space and joiner, soft hyphen, a tag character.
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\ufeff\u200b\u200d\u00ad\U000e0041"


def _errors(response):
    return response.context["form"].errors


def test_a_party_posted_twice_is_one_party(client, towns, service):
    data = form_data(service, towns[:1])
    data["parties"] = [towns[0].slug, towns[0].slug]

    response = client.post(DRAFT_URL, data)

    assert TWO_PARTIES in " ".join(_errors(response)["parties"])
    assert "Among Tolland and Tolland" not in response.content.decode()


def test_parties_posted_twice_appear_once_in_the_draft(client, towns, service):
    data = form_data(service, towns[:2])
    data["parties"] = [towns[0].slug, towns[1].slug, towns[0].slug]

    response = client.post(DRAFT_URL, data)

    assert response.context["draft"].party_names == "Tolland and Vernon"


@pytest.mark.parametrize(
    "typed", ["tolland", "  TOLLAND ", "Tolland\u200b", "\u200bTol\u00adland", "Ｔｏｌｌａｎｄ"]
)
def test_a_typed_name_of_a_ticked_party_does_not_count_twice(client, towns, service, typed):
    response = client.post(DRAFT_URL, form_data(service, towns[:1], other_parties=typed))

    message = " ".join(_errors(response)["parties"])
    assert TWO_PARTIES in message and "counts once" in message


@pytest.mark.parametrize("second", ["Hebron\u200b", "HEBRON", "He\u200dbron", "\ufeffHebron"])
def test_a_name_typed_twice_with_invisible_differences_counts_once(client, towns, service, second):
    data = form_data(service, towns[:1], other_parties=f"Hebron\n{second}")

    response = client.post(DRAFT_URL, data)

    assert TWO_PARTIES not in response.content.decode()
    assert response.context["draft"].party_names == "Tolland and Hebron"


@pytest.mark.parametrize("typed", ["\u200b", "\u00a0\u200e", "\ufeff\u2066\u2069", "\u3164"])
def test_a_name_of_invisible_characters_is_not_a_party(client, towns, service, typed):
    response = client.post(DRAFT_URL, form_data(service, towns[:2], other_parties=typed))

    assert "draft" not in response.context
    assert "invisible characters" in " ".join(_errors(response)["other_parties"])


@pytest.mark.parametrize("typed", ["---", "…", "*", "\u0301\u0301"])
def test_a_name_needs_a_letter_or_a_digit(client, towns, service, typed):
    response = client.post(DRAFT_URL, form_data(service, towns[:2], other_parties=typed))

    assert "no letters or digits" in " ".join(_errors(response)["other_parties"])


def test_a_line_error_names_the_line_as_typed(client, towns, service):
    data = form_data(service, towns[:2], other_parties="\n\nHebron\n---")

    response = client.post(DRAFT_URL, data)

    assert "Line 4 has no letters or digits" in " ".join(_errors(response)["other_parties"])


@pytest.mark.parametrize("action", ["preview", "markdown", "docx"])
def test_invisible_and_bidi_characters_never_reach_the_draft(client, towns, service, action):
    data = form_data(service, towns[:2], other_parties=f"Evil{INVISIBLE} Town", action=action)

    response = client.post(DRAFT_URL, data)

    is_word = action == "docx"
    text = docx_text(open_docx(response.content)) if is_word else response.content.decode()
    assert "Evil Town" in text
    assert not any(char in text for char in INVISIBLE)


def test_full_width_letters_are_normalised(client, towns, service):
    response = client.post(DRAFT_URL, form_data(service, towns[:2], other_parties="Ｈｅｂｒｏｎ"))

    assert response.context["draft"].party_names == "Tolland, Vernon and Hebron"
