"""Bulk import of agreements, public bodies and sources: the exports' columns, read back.

One django-import-export resource per kind; what they share is in `ImportResource`:

- A row is found by its key (a slug; a source by its address) and saved only when a value
  differs (`skip_unchanged`), so the preview tells new, changed and unchanged rows apart.
- The whole file is imported in one transaction, rolled back for a preview (a dry run) and
  whenever any row has an error: nothing is written until every row is right.
- Every problem is reported with the line of the spreadsheet and the column (`report`).
- New rows are drafts unless `publish`; existing rows keep their state unless `publish`. A row
  that is published after the import must pass `publication_problems()`, the admin's rule.
- Columns of the export that cannot be imported (`lead`, `page_url`, `last_updated`…) are
  ignored; any other unknown column stops the import, so a misspelt one is never dropped.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import CachedInstanceLoader

from agreements.models import Agreement, AgreementStatus, GovernanceForm, Party
from exports import columns
from imports.formats import FileProblem
from imports.widgets import (
    Choice,
    Date,
    Key,
    Parties,
    Related,
    RelatedList,
    RelationWidget,
    Savings,
    Text,
    Year,
    YesNo,
    cell_text,
)
from municipalities.models import BodyKind, PublicBody
from portal.models import PublicationStatus
from search.indexing import enqueue_objects
from services.models import ServiceCategory
from sources.models import Source
from statutes.models import Statute

STATUSES = {"new": "new", "update": "changed", "skip": "unchanged"}
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """Something to fix, where it is: "Line 4, column parties: there is no …"."""

    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = []
        if self.line:
            where.append(f"Line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class RowReport:
    line: int
    status: str  # new, changed, unchanged or error
    key: str
    label: str
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    """What an import did, or would do (a preview), row by row, in words for staff."""

    rows: list[RowReport]
    file_problems: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)

    def summary(self) -> str:
        """ "3 new, 1 changed, 5 unchanged, 1 with errors": what a count line says."""
        counts = [(self.count(status), status) for status in ("new", "changed", "unchanged")]
        counts.append((self.count("error"), "with errors"))
        return ", ".join(f"{count} {status}" for count, status in counts if count) or "no rows"


# Django's words for an empty required value, which staff see as an empty cell.
EMPTY_CODES = {"blank", "null", "required"}


def _messages(error: ValidationError):
    """(field, message) for each message of a ValidationError, in words for staff."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for name, errors in items:
        for each in errors:
            if each.code in EMPTY_CODES:
                yield name, "this cell must not be empty."
            else:
                yield name, " ".join(each.messages)


class _RowRefused(Exception):
    def __init__(self, row_result):
        self.row_result = row_result


class ImportResource(resources.ModelResource):
    """What the imports share (see the module's docstring)."""

    key = "slug"  # the column that finds an existing row
    label = "title"  # the column that names a row in the preview
    export_columns: list[columns.Column] = []  # the export this reads back
    years: list[tuple[str, str]] = []  # (year column, date column): a year from its date
    publication_prefetch: list[str] = []  # what publication_problems() reads
    # Whether full_clean() checks the model's constraints: a query each, and worth it only where
    # no validator or clean() says the same in staff's words first.
    validate_constraints = True

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True  # the preview names the changed columns instead
        use_transactions = True
        instance_loader_class = CachedInstanceLoader  # one query finds every existing row

    def __init__(self, publish=False, reason="Imported"):
        super().__init__()
        self.publish, self.reason = publish, reason
        self.lines, self.seen = [], {}

    def columns(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields()]

    def ignored_columns(self) -> list[str]:
        """The export's columns that an import reads past (read-only ones)."""
        importable = self.columns()
        return [column.name for column in self.export_columns if column.name not in importable]

    def header_problems(self, headers) -> list[Problem]:
        importable, ignored = self.columns(), self.ignored_columns()
        unknown = [name for name in headers if name not in importable and name not in ignored]
        problems = []
        if self.key not in headers:
            problems.append(f"The file has no “{self.key}” column; its first line must name "
                            f"the columns: {', '.join(importable)}.")  # fmt: skip
        if unknown:
            problems.append(
                f"The file has columns this import does not know: {', '.join(unknown)}. Is it "
                f"the right file? The columns are: {', '.join(importable)}."
            )
        return [Problem(None, None, problem) for problem in problems]

    def import_data(self, dataset, dry_run=False, **kwargs):
        """Import in one transaction, rolled back for a dry run and on any error."""
        if problems := self.header_problems(dataset.headers or []):
            result = self.get_result_class()()
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(FileProblem(problem)))
            return result
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        kwargs["raise_errors"] = False
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.lines = getattr(dataset, "line_numbers", None) or range(2, len(dataset) + 2)
        self.seen = {}
        # What the file names, found in one query per kind rather than one per cell.
        for resource_field in self.get_import_fields():
            widget = resource_field.widget
            if isinstance(widget, (Related, RelationWidget)) and resource_field.column_name in (
                dataset.headers or []
            ):
                cells = dataset[resource_field.column_name]
                widget.lookup.prime(key for cell in cells for key in widget.keys(cell_text(cell)))

    def import_row(self, row, instance_loader, **kwargs):
        self.line = self.lines[kwargs["row_number"] - 1]
        self.parsed, self.relation_changes, self.changes = {}, {}, []
        try:
            # A row the database refused is undone alone (its own savepoint), so that the
            # transaction stays usable and the rows after it are still checked.
            with transaction.atomic(using=self.get_db_connection_name()):
                row_result = super().import_row(row, instance_loader, **kwargs)
                if row_result.errors:
                    raise _RowRefused(row_result)
        except _RowRefused as refused:
            row_result = refused.row_result
        for error in row_result.errors:  # not a problem of the file: one for the developers
            logger.error("Import, line %s: %r", self.line, error.error, exc_info=error.error)
        row_result.line, row_result.changes = self.line, self.changes
        row_result.key = cell_text(row.get(self.key))
        row_result.label = cell_text(row.get(self.label)) or row_result.object_repr or ""
        return row_result

    def before_import_row(self, row, **kwargs):
        key = cell_text(row.get(self.key))
        if key in self.seen:
            raise ValidationError({self.key: f"“{key}” repeats line {self.seen[key]}."})
        if key:
            self.seen[key] = self.line
        for year, date in self.years:
            if year in row and date in row and not cell_text(row[year]):
                row[year] = cell_text(row[date])[:4]  # the year of the day, when only it is given

    def import_instance(self, instance, row, **kwargs):
        """Set the row's values, and read its relations (saved after it, in `save_m2m`)."""
        errors = {}
        for resource_field in self.get_import_fields():
            if resource_field.column_name not in row:
                continue  # a column the file leaves out is left as it is
            try:
                if isinstance(resource_field.widget, RelationWidget):
                    self.parsed[resource_field] = resource_field.clean(row)
                else:
                    resource_field.save(instance, row)
            except ValueError as error:
                errors[resource_field.attribute] = ValidationError(str(error))
        if self.publish and hasattr(instance, "publication"):
            instance.publication = PublicationStatus.PUBLISHED
        if not errors:
            self.check_relations(instance, errors)
        if errors:
            raise ValidationError(errors)

    def check_relations(self, instance, errors: dict) -> None:
        """Add the errors of relations that depend on one another."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        self.changes = [
            resource_field.column_name
            for resource_field in self.get_import_fields()
            if resource_field.column_name in row
            and self._differs(resource_field, instance, original)
        ]
        if getattr(instance, "publication", None) != getattr(original, "publication", None):
            self.changes.append("publication")
        return original.pk is not None and not self.changes

    def _differs(self, resource_field, instance, original) -> bool:
        widget = resource_field.widget
        if isinstance(widget, RelationWidget):
            current = widget.current(instance)
            wanted = widget.wanted(instance, self.parsed[resource_field])
            self.relation_changes[resource_field] = (current, wanted)  # for save_m2m
            return current != wanted
        return resource_field.get_value(instance) != resource_field.get_value(original)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own rules (full_clean), as the admin's forms apply them."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(),
                validate_unique=validate_unique,
                validate_constraints=self.validate_constraints,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = self.reason  # the history's reason for this version

    def save_m2m(self, instance, row, **kwargs):
        """Save the relations that changed, then check that a published row is complete."""
        changed = [
            (resource_field, current, wanted)
            for resource_field, (current, wanted) in self.relation_changes.items()
            if current != wanted
        ]
        for resource_field, current, wanted in changed:
            resource_field.widget.save(instance, self.parsed[resource_field], current, wanted)
        if changed:
            # Parties are written in bulk, which sends no signals; their names are searched.
            enqueue_objects([instance])
        if getattr(instance, "is_published", False):
            prefetch_related_objects([instance], *self.publication_prefetch)
            if problems := instance.publication_problems():
                name = instance._meta.verbose_name
                raise ValidationError(f"a published {name} must {'; '.join(problems)}.")

    def report(self, result) -> Report:
        """The result of `import_data` in words for staff, row by row."""
        column_of = {f.attribute: f.column_name for f in self.fields.values()}
        position = {name: index for index, name in enumerate(self.columns())}
        file_problems = [Problem(None, None, str(error.error)) for error in result.base_errors]
        rows = []
        for row_result in result.rows:
            line = row_result.line
            problems = []
            if row_result.validation_error is not None:
                for name, message in _messages(row_result.validation_error):
                    column = None if name in (None, NON_FIELD_ERRORS) else column_of.get(name, name)
                    problems.append(Problem(line, column, message))
            for error in row_result.errors:
                problems.append(Problem(line, None, f"this row could not be saved: {error.error}"))
            problems.sort(key=lambda problem: position.get(problem.column, len(position)))
            status = "error" if problems else STATUSES[row_result.import_type]
            rows.append(
                RowReport(line, status, row_result.key, row_result.label,
                          row_result.changes if status == "changed" else [], problems)
            )  # fmt: skip
        return Report(rows, file_problems)


class SourceResource(ImportResource):
    url = Field("url", "url", Key())
    title = Field("title", "title", Text())
    publisher = Field("publisher", "publisher", Text())
    published_on = Field("published_on", "published_on", Date())
    published_year = Field("published_year", "published_year", Year())
    accessed_on = Field("accessed_on", "accessed_on", Date())
    note = Field("note", "note", Text())

    key = "url"
    years = [("published_year", "published_on")]

    class Meta(ImportResource.Meta):
        model = Source
        name = "Sources"
        import_id_fields = ["url"]
        # The columns of fixtures/starter/sources.csv (sources have no public export).
        fields = ["url", "title", "publisher", "published_on", "published_year", "accessed_on",
                  "note"]  # fmt: skip


class PublicBodyResource(ImportResource):
    slug = Field("slug", "slug", Key())
    name = Field("name", "name", Text())
    kind = Field("kind", "kind", Choice(BodyKind))
    parent = Field("parent", "parent", Related(PublicBody))
    cog_member = Field("is_cog_member", "cog_member", YesNo())
    county = Field("county", "county", Text())
    planning_region = Field("planning_region", "planning_region", Text())
    website = Field("website", "website", Text())
    sources = Field("sources", "sources", RelatedList(Source, "sources", "url", "address"))
    notes = Field("record_notes", "notes", Text())

    label = "name"
    export_columns = columns.MUNICIPALITIES

    class Meta(ImportResource.Meta):
        model = PublicBody
        name = "Municipalities and public bodies"
        import_id_fields = ["slug"]
        fields = ["slug", "name", "kind", "parent", "cog_member", "county", "planning_region",
                  "website", "sources", "notes"]  # fmt: skip

    def get_queryset(self):
        return PublicBody._base_manager.select_related("parent").prefetch_related("sources")

    def import_instance(self, instance, row, **kwargs):
        # The export shows a draft parent as empty: an empty cell keeps it.
        draft_parent = instance.parent if instance.parent_id else None
        super().import_instance(instance, row, **kwargs)
        if instance.parent is None and draft_parent is not None and not draft_parent.is_published:
            instance.parent = draft_parent


class AgreementResource(ImportResource):
    slug = Field("slug", "slug", Key())
    title = Field("title", "title", Text())
    categories = Field("categories", "categories", RelatedList(ServiceCategory, "categories"))
    parties = Field("parties", "parties", Parties(PublicBody))
    status = Field("status", "status", Choice(AgreementStatus, empty=AgreementStatus.UNKNOWN))
    start_year = Field("start_year", "start_year", Year())
    start_date = Field("start_date", "start_date", Date())
    end_year = Field("end_year", "end_year", Year())
    end_date = Field("end_date", "end_date", Date())
    governance = Field("governance", "governance", Choice(GovernanceForm))
    governance_detail = Field("governance_detail", "governance_detail", Text())
    cost_sharing = Field("cost_sharing", "cost_sharing", Text())
    statutes = Field("statutes", "statutes", RelatedList(Statute, "statutes"))
    legal_basis = Field("legal_basis", "legal_basis", Text())
    sources = Field("sources", "sources", RelatedList(Source, "sources", "url", "address"))
    notes = Field("record_notes", "notes", Text())
    summary = Field("summary", "summary", Text())
    savings = Field("savings_claims", "savings", Savings(Source))

    export_columns = columns.AGREEMENTS
    years = [("start_year", "start_date"), ("end_year", "end_date")]
    publication_prefetch = ["categories", "parties__body", "sources"]
    # Agreement.clean() and the years' validators state each of its check constraints.
    validate_constraints = False

    class Meta(ImportResource.Meta):
        model = Agreement
        name = "Agreements"
        import_id_fields = ["slug"]
        # The columns of fixtures/starter/agreements.csv, and the export's savings.
        fields = ["slug", "title", "categories", "parties", "status", "start_year", "start_date",
                  "end_year", "end_date", "governance", "governance_detail", "cost_sharing",
                  "statutes", "legal_basis", "sources", "notes", "summary", "savings"]  # fmt: skip

    def get_queryset(self):
        # What comparing a row with the file reads, for every row at once.
        return Agreement._base_manager.prefetch_related(
            "categories", "statutes", "sources", "savings_claims",
            Prefetch("parties", queryset=Party.objects.select_related("body")),
        )  # fmt: skip

    def check_relations(self, instance, errors):
        """A savings claim's source must be one of the agreement's, as in the starter files."""
        claims = self.parsed.get(self.fields["savings"])
        if not claims:
            return
        if self.fields["sources"] in self.parsed:
            sources = {source.url for source in self.parsed[self.fields["sources"]]}
        else:
            sources = {source.url for source in instance.sources.all()} if instance.pk else set()
        for number, claim in enumerate(claims, start=1):
            if claim.source.url not in sources:
                which = f"claim {number}: " if len(claims) > 1 else ""
                errors["savings_claims"] = ValidationError(
                    f"{which}its source <{claim.source.url}> is not among the agreement's "
                    "sources (column sources)."
                )
                return


# What `import_agreements --kind` and the admin import, by kind.
RESOURCES = {
    "agreements": AgreementResource,
    "bodies": PublicBodyResource,
    "sources": SourceResource,
}
