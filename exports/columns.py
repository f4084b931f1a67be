"""What each export holds: per kind, its columns in order, how to read each value, and what it
means (docs/exports.md is generated from these descriptions; a test keeps the two in step).

A column's value is JSON-ready (text, a number, true/false, null, or a list): the JSON export
writes it as is, and the CSV export writes it as text (`Column.text`). The agreement columns
begin with those of fixtures/starter/agreements.csv, with the same names and formats, so that an
export can be imported back (imports.resources); the columns after `summary` are extras that an
import ignores, except `savings`, written so that it reads back exactly.

Every value comes from objects that queries.py fetched from `published()` querysets, with the
related rows (categories, statutes, parties' bodies…) also limited to published ones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from agreements.models import (
    AgreementStatus,
    GovernanceForm,
    PartyRole,
    SavingsKind,
    SavingsPeriod,
)
from municipalities.models import BodyKind
from services.models import ServiceKind
from statutes.models import StatuteKind

# How a CSV cell separates several values, as the starter files do.
LIST_SEPARATOR = "; "

# A value's reader gets the object and a function that makes a path absolute (the request's).
Reader = Callable[[Any, Callable[[str], str]], Any]


@dataclass(frozen=True)
class Column:
    name: str
    read: Reader
    description: str
    # How one item of a list value reads in a CSV cell, when not as itself (e.g. a party).
    item_text: Callable[[Any], str] = str

    def text(self, value) -> str:
        """The value as one CSV cell: lists joined with "; ", true/false as yes/no."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return LIST_SEPARATOR.join(self.item_text(item) for item in value)
        return str(value)


def _codes(choices) -> str:
    return ", ".join(f"`{value}`" for value in choices.values)


def _date(value):
    return value.isoformat() if value else None


def _slugs(related) -> list[str]:
    return [item.slug for item in related.all()]


def _urls(related) -> list[str]:
    return [source.url for source in related.all()]


def _published_slug(obj):
    # A draft parent or administering body is not public: it reads as empty, as on the page.
    return obj.slug if obj is not None and obj.is_published else ""


def _sources_and_notes() -> list[Column]:
    """What every record cites, and its caveats: named as in the starter files."""
    return [
        Column(
            "sources",
            lambda o, link: _urls(o.sources),
            "The addresses (URLs) of the sources cited, separated by `; `.",
        ),
        Column(
            "notes",
            lambda o, link: o.record_notes,
            "Notes on the record: what the sources leave unsaid, or what is inferred.",
        ),
    ]


def _page_and_update(page: str) -> list[Column]:
    """Every record's address on the site and its last change (read-only)."""
    return [
        Column(
            "page_url",
            lambda o, link: link(o.get_absolute_url()),
            f"The address of {page} on this site.",
        ),
        Column(
            "last_updated",
            lambda o, link: timezone.localtime(o.updated_at).isoformat(timespec="seconds"),
            "When the record last changed: an ISO 8601 date and time with its UTC offset.",
        ),
    ]


def _party(party) -> dict:
    return {"body": party.body.slug, "role": party.role}


def _saving(claim) -> dict:
    return {
        "amount": float(claim.amount),
        "period": claim.period,
        "year": claim.year,
        "kind": claim.kind,
        "stated_by": claim.stated_by,
        "description": claim.description,
        "source": claim.source.url,
    }


def _quoted(text: str) -> str:
    """Text in double quotes with its own double quotes doubled, as CSV does: whatever commas,
    semicolons or brackets it holds, it reads back exactly (imports.widgets.SavingsWidget)."""
    return '"' + text.replace('"', '""') + '"'


def _saving_text(saving: dict) -> str:
    by = f" by {_quoted(saving['stated_by'])}" if saving["stated_by"] else ""
    about = f": {_quoted(saving['description'])}" if saving["description"] else ""
    return (
        f"{saving['kind']} {saving['amount']:.2f} {SavingsPeriod(saving['period']).label} "
        f"({saving['year']}){by}{about} <{saving['source']}>"
    )


AGREEMENTS = [
    # The columns of fixtures/starter/agreements.csv, in its order.
    Column("slug", lambda a, link: a.slug, "The agreement's key, as in its page's address."),
    Column("title", lambda a, link: a.title, "The agreement's title."),
    Column(
        "categories",
        lambda a, link: _slugs(a.categories),
        "The service categories it covers, by slug (see the services export), separated by `; `.",
    ),
    Column(
        "parties",
        lambda a, link: [_party(p) for p in a.parties.all()],
        "The bodies taking part, each as `body-slug (role)` (see the municipalities export), "
        f"separated by `; `; the role is one of {_codes(PartyRole)}. In JSON, a list of "
        '`{"body": …, "role": …}` objects.',
        item_text=lambda party: f"{party['body']} ({party['role']})",
    ),
    Column(
        "status",
        lambda a, link: a.status,
        f"One of {_codes(AgreementStatus)} (`unknown`: no source says).",
    ),
    Column("start_year", lambda a, link: a.start_year, "The year it began, if known."),
    Column(
        "start_date",
        lambda a, link: _date(a.start_date),
        "The day it began (YYYY-MM-DD), only when a source gives the day.",
    ),
    Column("end_year", lambda a, link: a.end_year, "The year it ends or ended, if any."),
    Column(
        "end_date",
        lambda a, link: _date(a.end_date),
        "The day it ends or ended (YYYY-MM-DD), only when a source gives the day.",
    ),
    Column(
        "governance",
        lambda a, link: a.governance,
        f"How it is governed: one of {_codes(GovernanceForm)}, or empty if the sources do not say.",
    ),
    Column(
        "governance_detail",
        lambda a, link: a.governance_detail,
        "The governance in a few words.",
    ),
    Column("cost_sharing", lambda a, link: a.cost_sharing, "How the parties split the costs."),
    Column(
        "statutes",
        lambda a, link: _slugs(a.statutes),
        "The laws a source cites for it, by slug (see the statutes export), separated by `; `.",
    ),
    Column(
        "legal_basis",
        lambda a, link: a.legal_basis,
        "The legal basis as the sources state it, in plain text.",
    ),
    *_sources_and_notes(),
    Column(
        "summary", lambda a, link: a.summary, "What is shared, how, and the results (Markdown)."
    ),
    # Extras: an import ignores them, except `savings`, which it sets the claims to.
    Column(
        "lead",
        lambda a, link: [body.name for body in a.leads],
        "The names of the bodies that lead or provide it, separated by `; ` (empty when the "
        "parties share it jointly or the lead is not known).",
    ),
    Column(
        "savings",
        lambda a, link: [_saving(claim) for claim in a.savings_claims.all()],
        "Savings someone claimed: claims, not measured facts. In CSV, each as `kind amount "
        'a year|once (year) by "whom": "what it covers" <source URL>`, e.g. `projected '
        '31000.00 a year (2013) by "the WPCA director": "for sewer users" <https://…>`, '
        'separated by `; `; `by "…"` and `: "…"` are left out when empty, and a `"` inside '
        'them is doubled (`""`). The source must be one of the agreement\'s sources. In JSON, '
        "a list of objects with `amount` (US dollars), `period` (`year` or `once`), `year`, "
        f"`kind` ({_codes(SavingsKind)}), `stated_by`, `description` and `source` (a URL).",
        item_text=_saving_text,
    ),
    Column(
        "document_urls",
        lambda a, link: [link(document.get_absolute_url()) for document in a.documents.all()],
        "The download addresses of its documents (signed agreements, amendments…), separated by "
        "`; `.",
    ),
    *_page_and_update("the agreement's page"),
]

MUNICIPALITIES = [
    # The columns of fixtures/starter/bodies.csv, in its order.
    Column("slug", lambda b, link: b.slug, "The body's key, as in its page's address."),
    Column("name", lambda b, link: b.name, "The body's name."),
    Column("kind", lambda b, link: b.kind, f"One of {_codes(BodyKind)}."),
    Column(
        "parent",
        lambda b, link: _published_slug(b.parent),
        "For a town's board of education or school district: the town's slug.",
    ),
    Column(
        "cog_member",
        lambda b, link: b.is_cog_member,
        "Whether it is a member of the council of governments: `yes` or `no` (JSON: true or "
        "false).",
    ),
    Column("county", lambda b, link: b.county, "The legacy county, if known."),
    Column("planning_region", lambda b, link: b.planning_region, "The planning region."),
    Column("website", lambda b, link: b.website, "Its website."),
    *_sources_and_notes(),
    # Read-only extras.
    Column("population", lambda b, link: b.population, "Its population, when a source gives it."),
    Column(
        "agreements",
        lambda b, link: b.agreement_count,
        "How many published agreements it takes part in, as the list shows.",
    ),
    *_page_and_update("the body's page"),
]

SERVICES = [
    Column("slug", lambda c, link: c.slug, "The category's key, as in its page's address."),
    Column("name", lambda c, link: c.name, "The service category's name."),
    Column(
        "kind",
        lambda c, link: c.kind,
        f"One of {_codes(ServiceKind)}: administrative and support services, or community-based "
        "services.",
    ),
    Column("summary", lambda c, link: c.summary, "One plain sentence."),
    Column("description", lambda c, link: c.description, "A longer description (Markdown)."),
    Column(
        "agreements",
        lambda c, link: c.agreement_count,
        "How many published agreements cover it, as the list shows.",
    ),
    *_sources_and_notes(),
    *_page_and_update("the category's page"),
]

STATUTES = [
    Column("slug", lambda s, link: s.slug, "The statute's key, as in its page's address."),
    Column(
        "citation",
        lambda s, link: s.citation,
        "For example `CGS § 7-148cc`; empty when the citation is not yet verified.",
    ),
    Column("title", lambda s, link: s.title, "The official heading, or a plain description."),
    Column("kind", lambda s, link: s.kind, f"One of {_codes(StatuteKind)}."),
    Column(
        "chapter",
        lambda s, link: s.chapter,
        "The chapter of the General Statutes, when a source confirms it.",
    ),
    Column(
        "official_url",
        lambda s, link: s.official_url,
        "The address of the official text, when it is known.",
    ),
    Column(
        "summary",
        lambda s, link: s.summary,
        "What the law lets towns do, in plain words (Markdown); not legal advice.",
    ),
    Column(
        "categories",
        lambda s, link: _slugs(s.categories),
        "The service categories it concerns, by slug, separated by `; `.",
    ),
    *_sources_and_notes(),
    *_page_and_update("the statute's page"),
]

PROGRAMS = [
    Column("slug", lambda p, link: p.slug, "The program's key, as in its page's address."),
    Column("name", lambda p, link: p.name, "The program's name."),
    Column("acronym", lambda p, link: p.acronym, "Its acronym, if it has one."),
    Column(
        "administering_body",
        lambda p, link: _published_slug(p.administering_body),
        "The slug of the body that runs it (see the municipalities export), if recorded.",
    ),
    Column("summary", lambda p, link: p.summary, "One plain sentence."),
    Column("description", lambda p, link: p.description, "A longer description (Markdown)."),
    Column("eligibility", lambda p, link: p.eligibility, "Who may apply or join."),
    Column("website", lambda p, link: p.website, "Its website."),
    Column(
        "statutes",
        lambda p, link: _slugs(p.statutes),
        "The laws behind it, by slug (see the statutes export), separated by `; `.",
    ),
    Column(
        "contacts",
        lambda p, link: [contact.name for contact in p.contacts.all()],
        "The names of the people to contact, separated by `; ` (their details are on the page).",
    ),
    *_sources_and_notes(),
    *_page_and_update("the program's page"),
]


def as_markdown(columns: list[Column]) -> str:
    """The columns as a Markdown table, for docs/exports.md."""
    escaped_bar = "\\|"
    rows = ["| column | meaning |", "| --- | --- |"]
    for column in columns:
        rows.append(f"| `{column.name}` | {column.description.replace('|', escaped_bar)} |")
    return "\n".join(rows)
