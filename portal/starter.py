"""The starter content: spreadsheet-friendly CSV files plus one small fixture, loaded idempotently.

`fixtures/starter/` holds one CSV per kind of row, one row per item, so staff can review and edit
the content in a spreadsheet: sources, bodies, memberships, agreements and their savings claims.
The prose-heavy rest (site pages, categories, statutes, programs, contacts, resources) stays in
`fixtures/starter.json`. Cells that hold several values separate them with ";", and parties are
written `slug (role)`.

Rows are matched by slug (sources by URL, memberships by their two ends), and a row is saved only
when a value differs, so loading twice changes nothing and staff's own rows are kept. A row is
published when first loaded; a curator's later choice of publication state is kept. An
agreement's parties and savings claims are set to exactly what the files say.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import models, transaction

from agreements.models import Agreement, Party, PartyRole, SavingsClaim
from drafting.models import Clause
from drafting.starter import add_starter_clauses
from municipalities.models import Membership, PublicBody
from portal.models import PublicationStatus
from search.indexing import enqueue_objects
from search.models import Synonym
from search.starter import add_starter_synonyms
from services.models import ServiceCategory
from sources.models import Source
from statutes.models import Statute

STARTER_DIR = Path(settings.BASE_DIR) / "fixtures" / "starter"
# Starter rows are published when first loaded; a curator's later choice is kept.
NEW_ROWS = {"publication": PublicationStatus.PUBLISHED}
_PARTY = re.compile(r"^([-\w]+)\s*\((\w+)\)$")


class StarterError(Exception):
    """A row that cannot be loaded; the message names the file, the line and the problem."""


@dataclass
class Row:
    """One CSV row, with where it came from for error messages."""

    file: str
    line: int
    cells: dict

    def __getitem__(self, column):
        return (self.cells.get(column) or "").strip()

    def list(self, column) -> list[str]:
        return [value.strip() for value in self[column].split(";") if value.strip()]

    def error(self, message) -> StarterError:
        return StarterError(f"{self.file}, line {self.line}: {message}")


def read_rows(name: str, directory: Path, columns: list[str]) -> Iterator[Row]:
    """The rows of one CSV file, each with the line it starts on.

    A missing column, or a row with more or fewer cells than the header (an unquoted comma, a
    lost cell), is an error: a value is never silently dropped or shifted. Spreadsheets' UTF-8
    files start with a byte-order mark, which is ignored.
    """
    try:
        with (directory / name).open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [cell.strip() for cell in next(reader, [])]
            missing = [column for column in columns if column not in header]
            if missing:
                raise StarterError(f"{name}: missing column(s) {', '.join(missing)}.")
            start = reader.line_num + 1  # a cell may span lines: note where each row starts
            for cells in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line
                if len(cells) != len(header):
                    raise StarterError(
                        f"{name}, line {line}: {len(cells)} cells where the header has "
                        f"{len(header)}; a comma inside a value needs the value in quotes."
                    )
                yield Row(file=name, line=line, cells=dict(zip(header, cells, strict=True)))
    except FileNotFoundError:
        raise StarterError(f"{name}: the file is missing from {directory}.") from None
    except UnicodeDecodeError:
        raise StarterError(f"{name}: not UTF-8 text; save it as CSV UTF-8.") from None


class Seen:
    """Refuses a key a file has already used: a second row would silently replace the first."""

    def __init__(self):
        self.lines = {}

    def check(self, row: Row, key, label: str):
        if key in self.lines:
            raise row.error(f"{label} repeats line {self.lines[key]}.")
        self.lines[key] = row.line


def _typed(model, row: Row, values: dict) -> dict:
    """CSV text to each field's Python value ('' becomes None for nullable fields)."""
    typed = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if value == "" and field.null:
            typed[name] = None
        elif isinstance(field, models.ForeignKey):
            typed[name] = value
        else:
            try:
                typed[name] = field.to_python(value)
            except ValidationError as error:
                raise row.error(f"{name}: {' '.join(error.messages)}") from None
    return typed


def upsert(model, row: Row, lookup: dict, values: dict, new_only: dict | None = None):
    """Create the row, or update it only where a value differs. Returns (object, saved).

    `new_only` holds values set on a new row but never changed on an existing one, such as the
    publication state a curator may have changed since.
    """
    values = _typed(model, row, values)
    obj = model._base_manager.filter(**lookup).first()
    if obj is not None and all(getattr(obj, name) == value for name, value in values.items()):
        return obj, False
    if obj is None:
        obj = model(**lookup, **(new_only or {}))
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise row.error(_describe(error)) from None
    obj.save()
    return obj, True


def set_related(obj, name: str, targets) -> bool:
    """Set a many-to-many field to exactly `targets`; no query writes when it already is."""
    manager = getattr(obj, name)
    wanted = {target.pk for target in targets}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(wanted)
    return True


def year_of(row: Row, year_column: str, date_column: str) -> str:
    """The year cell, or the year of the date cell when only the date is given."""
    return row[year_column] or row[date_column][:4]


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


class Lookup:
    """Finds rows by slug (or URL) once, with a clear error naming the row that asked."""

    def __init__(self, model, key="slug"):
        self.model, self.key = model, key
        self.cache = {}

    def get(self, row: Row, value: str):
        if value not in self.cache:
            obj = self.model._base_manager.filter(**{self.key: value}).first()
            if obj is None:
                label = self.model._meta.verbose_name
                raise row.error(f"there is no {label} with {self.key} “{value}”.")
            self.cache[value] = obj
        return self.cache[value]

    def many(self, row: Row, values: list[str]) -> list:
        return [self.get(row, value) for value in values]


# --- One function per file ------------------------------------------------------------------


def load_sources(directory=STARTER_DIR) -> int:
    saved = 0
    columns = ["url", "title", "publisher", "published_on", "published_year", "accessed_on", "note"]
    seen = Seen()
    for row in read_rows("sources.csv", directory, columns):
        seen.check(row, row["url"], f"The address {row['url']}")
        values = {
            "title": row["title"],
            "publisher": row["publisher"],
            "published_on": row["published_on"],
            "published_year": year_of(row, "published_year", "published_on"),
            "accessed_on": row["accessed_on"],
            "note": row["note"],
        }
        saved += upsert(Source, row, {"url": row["url"]}, values)[1]
    return saved


def load_bodies(directory=STARTER_DIR) -> int:
    sources, bodies = Lookup(Source, "url"), Lookup(PublicBody)
    saved = 0
    columns = ["slug", "name", "kind", "parent", "cog_member", "county", "planning_region",
               "website", "sources", "notes"]  # fmt: skip
    seen = Seen()
    for row in read_rows("bodies.csv", directory, columns):
        seen.check(row, row["slug"], f"The slug {row['slug']}")
        parent = bodies.get(row, row["parent"]) if row["parent"] else None
        if row["cog_member"] not in ("yes", "no"):
            raise row.error("cog_member must be yes or no.")
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "parent": parent,
            "is_cog_member": row["cog_member"] == "yes",
            "county": row["county"],
            "planning_region": row["planning_region"],
            "website": row["website"],
            "record_notes": row["notes"],
        }
        body, changed = upsert(PublicBody, row, {"slug": row["slug"]}, values, NEW_ROWS)
        changed |= set_related(body, "sources", sources.many(row, row.list("sources")))
        saved += changed
    return saved


def load_memberships(directory=STARTER_DIR) -> int:
    bodies = Lookup(PublicBody)
    saved = 0
    columns = ["body", "member", "joined_year", "left_year", "note"]
    seen = Seen()
    for row in read_rows("memberships.csv", directory, columns):
        seen.check(row, (row["body"], row["member"]), f"{row['member']} in {row['body']}")
        lookup = {"body": bodies.get(row, row["body"]), "member": bodies.get(row, row["member"])}
        values = {
            "joined_year": row["joined_year"],
            "left_year": row["left_year"],
            "note": row["note"],
        }
        saved += upsert(Membership, row, lookup, values)[1]
    return saved


AGREEMENT_COLUMNS = [
    "slug", "title", "categories", "parties", "status", "start_year", "start_date", "end_year",
    "end_date", "governance", "governance_detail", "cost_sharing", "statutes", "legal_basis",
    "sources", "notes", "summary",
]  # fmt: skip


def load_agreements(directory=STARTER_DIR) -> int:
    sources, bodies = Lookup(Source, "url"), Lookup(PublicBody)
    categories, statutes = Lookup(ServiceCategory), Lookup(Statute)
    saved, seen = 0, Seen()
    for row in read_rows("agreements.csv", directory, AGREEMENT_COLUMNS):
        seen.check(row, row["slug"], f"The slug {row['slug']}")
        values = {
            "title": row["title"],
            "summary": row["summary"],
            "status": row["status"],
            "start_year": year_of(row, "start_year", "start_date"),
            "start_date": row["start_date"],
            "end_year": year_of(row, "end_year", "end_date"),
            "end_date": row["end_date"],
            "governance": row["governance"],
            "governance_detail": row["governance_detail"],
            "cost_sharing": row["cost_sharing"],
            "legal_basis": row["legal_basis"],
            "record_notes": row["notes"],
        }
        agreement, changed = upsert(Agreement, row, {"slug": row["slug"]}, values, NEW_ROWS)
        changed |= set_related(
            agreement, "categories", categories.many(row, row.list("categories"))
        )
        changed |= set_related(agreement, "statutes", statutes.many(row, row.list("statutes")))
        changed |= set_related(agreement, "sources", sources.many(row, row.list("sources")))
        if _set_parties(agreement, row, bodies):
            # Parties are bulk-created (no signals): their names are part of the agreement's text.
            enqueue_objects([agreement])
            changed = True
        if agreement.is_published and (problems := agreement.publication_problems()):
            # The same rules as the admin's: imported content is published only when complete.
            raise row.error(f"a published agreement must {'; '.join(problems)}.")
        saved += changed
    return saved, set(seen.lines)


def _set_parties(agreement, row: Row, bodies: Lookup) -> bool:
    wanted = {}
    for text in row.list("parties"):
        match = _PARTY.match(text)
        if not match or match.group(2) not in PartyRole.values:
            roles = ", ".join(PartyRole.values)
            raise row.error(f"party “{text}” should read “body-slug (role)”, role one of {roles}.")
        body = bodies.get(row, match.group(1))
        if body.pk in wanted:
            raise row.error(f"{match.group(1)} is listed twice among the parties.")
        wanted[body.pk] = match.group(2)
    current = dict(Party.objects.filter(agreement=agreement).values_list("body_id", "role"))
    if current == wanted:
        return False
    Party.objects.filter(agreement=agreement).exclude(body_id__in=wanted).delete()
    Party.objects.bulk_create(
        Party(agreement=agreement, body_id=body_id, role=role)
        for body_id, role in wanted.items()
        if body_id not in current
    )
    for body_id, role in wanted.items():
        if body_id in current and current[body_id] != role:
            Party.objects.filter(agreement=agreement, body_id=body_id).update(role=role)
    return True


SAVINGS_FIELDS = ["amount", "period", "year", "kind", "stated_by", "description", "source_id"]


def load_savings(directory=STARTER_DIR, agreement_slugs=()) -> int:
    """Set the claims of the starter agreements to the file's: a claim taken out goes."""
    sources, agreements = Lookup(Source, "url"), Lookup(Agreement)
    wanted: dict[int, list[SavingsClaim]] = {
        pk: []
        for pk in Agreement._base_manager.filter(slug__in=agreement_slugs).values_list(
            "pk", flat=True
        )
    }
    columns = [
        "agreement",
        "amount",
        "period",
        "year",
        "kind",
        "stated_by",
        "description",
        "source",
    ]
    for row in read_rows("savings.csv", directory, columns):
        agreement = agreements.get(row, row["agreement"])
        source = sources.get(row, row["source"])
        if not agreement.sources.filter(pk=source.pk).exists():
            raise row.error(f"the claim's source is not among {agreement.slug}'s sources.")
        claim = SavingsClaim(agreement=agreement, source=source)
        for name, value in _typed(SavingsClaim, row, {
            "amount": row["amount"], "period": row["period"], "year": row["year"],
            "kind": row["kind"], "stated_by": row["stated_by"], "description": row["description"],
        }).items():  # fmt: skip
            setattr(claim, name, value)
        try:
            claim.full_clean()
        except ValidationError as error:
            raise row.error(_describe(error)) from None
        wanted.setdefault(agreement.pk, []).append(claim)
    saved = 0
    for agreement_id, claims in wanted.items():
        existing = SavingsClaim.objects.filter(agreement_id=agreement_id)
        current = sorted(tuple(getattr(c, f) for f in SAVINGS_FIELDS) for c in existing)
        if current == sorted(tuple(getattr(c, f) for f in SAVINGS_FIELDS) for c in claims):
            continue
        existing.delete()
        SavingsClaim.objects.bulk_create(claims)
        saved += 1
    return saved


def load_all(directory=STARTER_DIR, verbosity=1) -> dict[str, int]:
    """Load everything in dependency order, in one transaction: all of it or none of it."""
    # Search indexes each changed object once, when this transaction commits.
    with transaction.atomic():
        counts = {
            "sources": load_sources(directory),
            "bodies": load_bodies(directory),
            "memberships": load_memberships(directory),
        }
        try:
            call_command("loaddata", "starter", verbosity=verbosity)
        except (DeserializationError, CommandError) as error:
            raise StarterError(f"starter.json: {error}") from None
        counts["agreements"], slugs = load_agreements(directory)
        counts["savings claims"] = load_savings(directory, slugs)
        counts["search synonyms"] = add_starter_synonyms(Synonym)
        counts["drafting clauses"] = add_starter_clauses(Clause, Statute)
    return counts
