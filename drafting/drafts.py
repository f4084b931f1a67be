"""A draft agreement: the official's choices, the clauses they select, and the text they make.

The same `Draft` is shown as a preview (HTML through the sanitizing Markdown filter), downloaded
as Markdown, and written to a Word file (drafting/docx.py), so the three never disagree.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify

from drafting.models import OPTION_TOPIC, TOPIC_ORDER, Topic
from drafting.placeholders import escape_markdown, fill

MUNICIPAL_SIGNATORY = "First Selectman / Mayor / Town Manager"
OTHER_SIGNATORY = "Authorized officer"
UNKNOWN_SIGNATORY = "Chief executive officer or authorized officer"
# Singular, so that "{lead} keeps the records" still reads when there is no lead.
NO_LEAD = "a Party designated in writing by all the Parties"
BLANK = "______________________________"

_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_in_words(number: int) -> str:
    """0–99 in words ('forty-two'); larger numbers as figures."""
    if 0 <= number < 20:
        return _WORDS[number]
    if 20 <= number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens - 2] + (f"-{_WORDS[ones]}" if ones else "")
    return str(number)


def period(number: int | None, unit: str) -> str:
    """'five (5) years', 'one (1) month'; a blank when the number is not chosen."""
    if number is None:
        return f"[number] {unit}s"
    return f"{number_in_words(number)} ({number}) {unit}{'' if number == 1 else 's'}"


def in_a_sentence(name: str) -> str:
    """'Animal control' reads 'animal control' mid-sentence; 'EMS' and 'IT services' stay."""
    first_word = name.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1:].islower():
        return name[0].lower() + name[1:]
    return name


# Staff Markdown headings inside a clause or its note must sit below the clause's own heading
# (h4 on the preview page): "#" becomes h5, anything deeper h6. Underlined (setext) headings
# become "#" headings first. The Word file shows every such heading as a bold line.
HEADING_SHIFT = 4
_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)", re.MULTILINE)
_SETEXT_HEADING = re.compile(
    r"(?:\A|(?<=\n\n))(?! {0,3}(?:[-*+>#]|\d+[.)]))( {0,3}\S[^\n]*)\n {0,3}(?:=+|-+)[ \t]*$",
    re.MULTILINE,
)


def demote_headings(text: str) -> str:
    """Markdown `text` with its headings HEADING_SHIFT levels lower (at most h6)."""
    text = _SETEXT_HEADING.sub(lambda m: f"# {m.group(1).strip()}", text.replace("\r\n", "\n"))
    return _ATX_HEADING.sub(
        lambda m: m.group(1) + "#" * min(len(m.group(2)) + HEADING_SHIFT, 6), text
    )


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class DraftParty:
    name: str
    signatory: str = UNKNOWN_SIGNATORY

    @property
    def signature_lines(self) -> list[str]:
        """Who signs for the party, with blanks for the name, title and dates."""
        return [
            f"By: {BLANK}",
            self.signatory,
            f"Name: {BLANK}",
            f"Title: {BLANK}",
            f"Date: {BLANK}",
            f"Ratified by its legislative body on: {BLANK}",
        ]


@dataclass
class Choices:
    """What the official chose on the form (names, not database rows)."""

    service: str
    parties: list[DraftParty]
    lead: str | None
    term_years: int
    renewal: str
    governance: str
    cost_method: str
    notice_months: int
    amendment: str
    termination: str
    review: str
    review_years: int | None
    insurance: str
    disputes: str
    records: str

    @property
    def options(self) -> list[str]:
        """The chosen option value of every topic that has options."""
        return [
            "lead" if self.lead else "joint",
            self.renewal,
            self.governance,
            self.cost_method,
            self.amendment,
            self.termination,
            self.review,
            self.insurance,
            self.disputes,
            self.records,
        ]

    @property
    def title(self) -> str:
        return f"Interlocal agreement: {self.service}"

    def placeholder_values(self) -> dict[str, str]:
        """Every placeholder's value, escaped for Markdown."""
        names = [party.name for party in self.parties]
        if self.governance == "joint_board":
            administrator = "the Board"
        elif self.lead:
            administrator = self.lead
        elif self.governance == "officials_committee":
            administrator = "the Committee"
        else:
            administrator = NO_LEAD
        plain = {
            "agreement_title": self.title,
            "service": in_a_sentence(self.service),
            "parties": join_names(names),
            "party_count": number_in_words(len(names)),
            "lead": self.lead or NO_LEAD,
            "administrator": administrator,
            "term": period(self.term_years, "year"),
            "term_years": str(self.term_years),
            "notice_period": period(self.notice_months, "month"),
            "notice_months": str(self.notice_months),
            "review_period": period(self.review_years, "year"),
            "review_years": str(self.review_years) if self.review_years else "[number]",
        }
        values = {name: escape_markdown(value) for name, value in plain.items()}
        values["party_list"] = "\n".join(f"- {escape_markdown(name)}" for name in names)
        values["share_list"] = "\n".join(
            f"- {escape_markdown(name)}: ____ percent" for name in names
        )
        return values


@dataclass
class DraftClause:
    number: str
    title: str
    text: str  # Markdown, placeholders filled, headings below the clause's
    guidance: str  # staff Markdown, headings below the clause's
    citation: str
    statute: object | None  # a published Statute, to link to


@dataclass
class Article:
    number: int
    title: str
    clauses: list[DraftClause] = field(default_factory=list)


class Draft:
    """The draft made from `choices` with `clauses` (published ones, from `for_options`)."""

    def __init__(self, choices: Choices, clauses):
        self.choices = choices
        self.site_name = settings.SITE_NAME
        chosen = set(choices.options)
        usable = [
            clause
            for clause in clauses
            if clause.is_published
            and (not clause.option or (clause.option in chosen and _fits(clause)))
        ]
        values = choices.placeholder_values()
        self.articles: list[Article] = []
        for clause in sorted(usable, key=lambda clause: clause.sort_key):
            title = Topic(clause.topic).label if clause.topic in TOPIC_ORDER else "Other"
            if not self.articles or self.articles[-1].title != title:
                self.articles.append(Article(len(self.articles) + 1, title))
            article = self.articles[-1]
            statute = clause.statute if clause.statute and clause.statute.is_published else None
            article.clauses.append(
                DraftClause(
                    number=f"{article.number}.{len(article.clauses) + 1}",
                    title=clause.title,
                    text=demote_headings(fill(clause.text, values)),
                    guidance=demote_headings(clause.guidance),
                    citation=clause.citation,
                    statute=statute,
                )
            )

    @property
    def title(self) -> str:
        return self.choices.title

    @property
    def party_names(self) -> str:
        return join_names([party.name for party in self.choices.parties])

    @property
    def disclaimer(self) -> list[str]:
        """The first page's warning, as plain sentences (Markdown-safe: no user text)."""
        return [
            f"A starting draft generated by the {self.site_name} portal. It is not legal advice.",
            "It was assembled from a library of sample clauses and the choices entered on a "
            "form. Nobody has checked it against these parties' charters, ordinances or "
            "circumstances.",
            "Before anyone relies on it, each party's own counsel (town attorney or corporation "
            "counsel) must review it. Under Connecticut law (CGS § 7-339c(a)), the proposed "
            "agreement goes to the legislative body of each participating agency for "
            "ratification or rejection, after an opportunity for public comment (not required "
            "where the legislative body is the town meeting).",
        ]

    signature_intro = (
        "Each Party signs this Agreement by its chief executive officer or other authorized "
        "officer, after its legislative body has ratified it."
    )

    @property
    def disclaimer_markdown(self) -> list[str]:
        first, *rest = self.disclaimer
        return [f"**{first}**", *rest]

    def filename(self, extension: str) -> str:
        """A safe attachment name: 'draft-interlocal-agreement-animal-control.docx'."""
        stem = slugify(f"draft {self.title}")[:80].strip("-") or "draft-agreement"
        return f"{stem}.{extension}"

    def markdown(self) -> str:
        """The whole draft as Markdown: title page, clauses, signatures, drafting notes."""
        escaped_parties = escape_markdown(self.party_names)
        lines = [
            f"# {escape_markdown(self.title)}",
            "",
            f"**Among {escaped_parties}**",
            "",
            "\n>\n".join(f"> {sentence}" for sentence in self.disclaimer_markdown),
            "",
            "---",
            "",
        ]
        for article in self.articles:
            lines += [f"## {article.number}. {escape_markdown(article.title)}", ""]
            for clause in article.clauses:
                lines += [f"### {clause.number} {escape_markdown(clause.title)}", "", clause.text]
                lines.append("")
        lines += ["## Signatures", "", self.signature_intro, ""]
        for party in self.choices.parties:
            lines += [f"### {escape_markdown(party.name)}", ""]
            lines += ["  \n".join(party.signature_lines), ""]
        lines += ["---", "", "## Drafting notes (remove before circulating)", ""]
        for article in self.articles:
            for clause in article.clauses:
                if not (clause.guidance or clause.citation):
                    continue
                lines += [f"### Note on {clause.number} {escape_markdown(clause.title)}", ""]
                if clause.guidance:
                    lines += [clause.guidance.strip(), ""]
                if clause.citation:
                    lines += [f"Law: {escape_markdown(clause.citation)}", ""]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _fits(clause) -> bool:
    return OPTION_TOPIC.get(clause.option) == clause.topic
