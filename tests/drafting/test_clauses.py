"""The clause library: placeholders refused or filled safely, the starter clauses complete."""

import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from drafting.drafts import Choices, Draft, DraftParty
from drafting.models import OPTION_TOPIC, TOPIC_OPTIONS, Clause, Topic
from drafting.placeholders import PLACEHOLDERS, fill, placeholder_problems
from drafting.starter import STARTER_CLAUSES, add_starter_clauses
from statutes.models import Statute
from tests.drafting.conftest import make_clause
from tests.factories import make_statute

pytestmark = pytest.mark.django_db

LEFTOVER = re.compile(r"\{[^{}]*\}|\[(?:" + "|".join(PLACEHOLDERS) + r")\]")


def _choices(**changes):
    values = {
        "service": "Animal control",
        "parties": [DraftParty("Tolland"), DraftParty("Vernon")],
        "lead": "Tolland",
        "term_years": 5,
        "renewal": "automatic_renewal",
        "governance": "lead_town",
        "cost_method": "per_capita",
        "notice_months": 12,
        "amendment": "amend_by_legislative_bodies",
        "termination": "terminate_by_agreement",
        "review": "no_review",
        "review_years": None,
        "insurance": "own_acts",
        "disputes": "negotiation_mediation",
        "records": "administrator_keeps",
    }
    return Choices(**(values | changes))


# --- placeholders ----------------------------------------------------------------------------


def test_unknown_placeholder_is_refused_with_its_name_and_the_allowed_ones():
    clause = Clause(title="T", slug="t", topic=Topic.GENERAL, text="Signed by {mayor}.")

    with pytest.raises(ValidationError) as error:
        clause.full_clean()

    message = " ".join(error.value.message_dict["text"])
    assert "{mayor}" in message
    assert "{lead}" in message and "{parties}" in message


def test_attribute_access_in_a_placeholder_is_refused():
    problem = placeholder_problems("Led by {lead.__class__.__init__.__globals__}.")

    assert "malformed" in problem


@pytest.mark.parametrize("text", ["Led by {lead", "Led by lead}", "A {} pair", "{ lead }"])
def test_malformed_braces_are_refused(text):
    assert "braces" in placeholder_problems(text)


def test_known_placeholders_and_doubled_braces_are_accepted():
    assert placeholder_problems("{lead} and {parties} write {{braces}}.") == ""


def test_fill_replaces_known_names_and_never_evaluates_anything():
    values = {"lead": "Tolland"}

    text = fill("{lead} leads; {{lead}} is literal; {lead.__class__} stays.", values)

    assert text == "Tolland leads; {lead} is literal; {lead.__class__} stays."


def test_fill_shows_a_placeholder_refused_elsewhere_as_a_bracketed_name():
    assert fill("Signed by {mayor}.", {}) == "Signed by [mayor]."


def test_option_must_belong_to_the_clause_topic():
    clause = Clause(title="T", slug="t", topic=Topic.COSTS, option="arbitration", text="x")

    with pytest.raises(ValidationError) as error:
        clause.full_clean()

    assert "per_capita" in " ".join(error.value.message_dict["option"])


# --- the starter library ---------------------------------------------------------------------


def test_starter_clauses_are_valid_and_have_unique_slugs():
    assert len({row["slug"] for row in STARTER_CLAUSES}) == len(STARTER_CLAUSES)
    for clause in Clause.objects.filter(slug__in=[row["slug"] for row in STARTER_CLAUSES]):
        clause.full_clean()


def test_every_topic_and_every_option_has_a_published_starter_clause():
    published = set(Clause.objects.published().values_list("topic", "option"))

    for topic in Topic.values:
        if topic in TOPIC_OPTIONS:
            for option, _ in TOPIC_OPTIONS[topic]:
                assert (topic, option) in published, option
        else:
            assert (topic, "") in published, topic


def test_every_starter_clause_has_guidance():
    assert all(row["guidance"].strip() for row in STARTER_CLAUSES)


def test_periodic_review_guidance_says_the_law_no_longer_requires_it():
    for slug in ("periodic-review", "no-scheduled-review"):
        guidance = Clause.objects.get(slug=slug).guidance
        assert "P.A. 11-99" in guidance and "2011" in guidance


def test_withdrawal_amendment_and_termination_cite_7_339c():
    for topic in (Topic.WITHDRAWAL, Topic.AMENDMENT, Topic.TERMINATION):
        citations = Clause.objects.filter(topic=topic).values_list("citation", flat=True)
        assert any("7-339c" in citation for citation in citations), topic


def test_starter_clauses_cite_only_sections_the_reference_file_supports():
    cited = set()
    for row in STARTER_CLAUSES:
        cited |= set(re.findall(r"7-\d+[a-z]*", row["citation"] + row["guidance"] + row["text"]))
    assert cited <= {"7-148cc", "7-339a", "7-339b", "7-339c", "7-339g", "7-339k", "7-339l"}


def test_the_migration_added_the_starter_clauses_and_adding_again_adds_nothing():
    assert Clause.objects.filter(slug__in=[r["slug"] for r in STARTER_CLAUSES]).count() == len(
        STARTER_CLAUSES
    )

    assert add_starter_clauses(Clause, Statute) == 0


def test_adding_again_keeps_staff_edits():
    Clause.objects.filter(slug="withdrawal").update(text="Staff wording.")

    add_starter_clauses(Clause, Statute)

    assert Clause.objects.get(slug="withdrawal").text == "Staff wording."


def test_statutes_loaded_later_are_linked_once():
    statute = make_statute("CGS § 7-339g", slug="cgs-7-339g")

    linked = add_starter_clauses(Clause, Statute)

    assert linked == 2  # the costs and the records clauses
    assert Clause.objects.get(slug="costs").statute == statute
    assert add_starter_clauses(Clause, Statute) == 0


def test_load_starter_content_links_the_clauses_to_the_statutes():
    call_command("load_starter_content", verbosity=0)

    assert Clause.objects.get(slug="withdrawal").statute.slug == "cgs-7-339c"
    assert Clause.objects.get(slug="periodic-review").statute.slug == "cgs-7-148cc"


def test_load_starter_content_reports_the_clauses(capsys):
    call_command("load_starter_content")

    assert "drafting clauses" in capsys.readouterr().out


# --- drafts ----------------------------------------------------------------------------------


def test_draft_clauses_are_never_used():
    make_clause("Secret draft wording", topic=Topic.GENERAL, published=False, text="Hidden.")
    choices = _choices()

    draft = Draft(choices, Clause.objects.for_options(choices.options))

    assert "Secret draft wording" not in draft.markdown()
    assert "Hidden." not in draft.markdown()


def test_a_draft_uses_the_chosen_options_clauses_only():
    choices = _choices(cost_method="fixed_shares")

    markdown = Draft(choices, Clause.objects.for_options(choices.options)).markdown()

    assert "Fixed shares" in markdown
    assert "- Tolland: ____ percent" in markdown
    assert "Shares by population" not in markdown


def test_articles_follow_the_topic_order_and_clauses_are_numbered():
    choices = _choices()
    draft = Draft(choices, Clause.objects.for_options(choices.options))

    titles = [article.title for article in draft.articles]

    assert titles[0] == Topic.PARTIES.label and titles[-1] == Topic.RATIFICATION.label
    assert [a.number for a in draft.articles] == list(range(1, len(titles) + 1))
    assert draft.articles[0].clauses[1].number == "1.2"


# Every choice field of the form, and a few values for the numbers.
OPTION_FIELDS = {
    "renewal": Topic.TERM,
    "governance": Topic.GOVERNANCE,
    "cost_method": Topic.COSTS,
    "records": Topic.RECORDS,
    "review": Topic.REVIEW,
    "insurance": Topic.INSURANCE,
    "disputes": Topic.DISPUTES,
    "amendment": Topic.AMENDMENT,
    "termination": Topic.TERMINATION,
}
NUMBERS = [(1, 1, 1), (5, 12, 3), (50, 60, 20)]  # term years, notice months, review years


def test_every_clause_renders_for_every_combination_of_choices():
    clauses = list(Clause.objects.for_options(OPTION_TOPIC))  # every published clause
    fields = list(OPTION_FIELDS)
    values = [[value for value, _ in TOPIC_OPTIONS[topic]] for topic in OPTION_FIELDS.values()]
    leads = ["Tolland", None]
    numbers = itertools.cycle(NUMBERS)
    combinations = 0
    for lead, combination in itertools.product(leads, itertools.product(*values)):
        term, notice, review = next(numbers)
        chosen = dict(zip(fields, combination, strict=True))
        choices = _choices(
            lead=lead, term_years=term, notice_months=notice, review_years=review, **chosen
        )
        draft = Draft(choices, clauses)
        for article in draft.articles:
            for clause in article.clauses:
                assert not LEFTOVER.search(clause.text), (chosen, clause.title, clause.text)
        assert len(draft.articles) == len(Topic.values)
        combinations += 1
    assert combinations == 2 * 3 * 4 * 5 * 2 * 2 * 2 * 3 * 2 * 2


def test_every_option_value_is_used_by_some_starter_clause_in_a_draft():
    clauses = list(Clause.objects.for_options(OPTION_TOPIC))
    for field, topic in OPTION_FIELDS.items():
        for value, _ in TOPIC_OPTIONS[topic]:
            draft = Draft(_choices(**{field: value}), clauses)
            titles = {c.title for a in draft.articles for c in a.clauses}
            expected = {c.title for c in clauses if c.option == value}
            assert expected and expected <= titles, value
            assert not LEFTOVER.search(draft.markdown()), value


# --- placeholder messages and staff headings ---------------------------------------------------


def test_more_than_five_unknown_placeholders_are_counted_not_listed():
    message = placeholder_problems("{a} {b} {c} {d} {e} {f} {g}")

    assert "{a}, {b}, {c}, {d}, {e} and 2 more." in message
    assert "{f}" not in message.split("Use only")[0]


def test_a_placeholder_in_the_wrong_case_suggests_the_known_one():
    message = placeholder_problems("{Lead} serves {PARTIES}.")

    assert "{Lead} (did you mean {lead}?)" in message
    assert "{PARTIES} (did you mean {parties}?)" in message


def test_more_than_five_malformed_braces_are_counted():
    assert "and 1 more" in placeholder_problems("{1} {2} {3} {4} {5} {6}")


def test_staff_headings_in_a_clause_sit_below_the_clause_heading(client):
    from tests.drafting.conftest import DRAFT_URL, form_data
    from tests.factories import make_body, make_category

    make_clause(
        "Headed clause",
        text="# Big heading\n\nWords.\n\nUnderlined\n==========\n\nMore.",
        guidance="## Note heading\n\nAdvice.",
    )
    data = form_data(make_category("Animal control"), [make_body("Tolland"), make_body("Vernon")])

    html = client.post(DRAFT_URL, data).content.decode()

    assert "Big heading" in html and "Underlined" in html and "Note heading" in html
    preview = html[html.index('class="draft-preview"') :]
    assert not re.search(r"<h[1-4][^>]*>\s*(Big heading|Underlined|Note heading)", preview)
    assert re.search(r"<h5[^>]*>\s*Big heading", preview)
    assert re.search(r"<h6[^>]*>\s*Note heading", preview)


def test_staff_headings_sit_below_the_clause_heading_in_the_markdown_file():
    make_clause("Headed clause", text="# Big heading\n\nWords.")
    choices = _choices()

    markdown = Draft(choices, Clause.objects.for_options(choices.options)).markdown()

    assert "\n##### Big heading\n" in markdown
    assert "\n# Big heading" not in markdown
