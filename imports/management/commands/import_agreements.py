from pathlib import Path

from django.core.management import BaseCommand, CommandError

from imports.formats import FileProblem, read_file
from imports.resources import RESOURCES
from portal import pagecache
from portal.housekeeping import analyze


class Command(BaseCommand):
    help = (
        "Import agreements (or, with --kind, public bodies or sources) from a CSV or .xlsx file "
        "with the columns of the export, as the admin's Import page does: all rows or none. "
        "New rows are drafts unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--kind", choices=list(RESOURCES), default="agreements", help="What the file holds."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish every row (each must then have what publishing asks for).",
        )

    def handle(self, *args, file, kind, dry_run, publish, **options):
        path = Path(file)
        try:
            # No row limit here: the web's limit keeps a request short, a command may run long.
            dataset = read_file(path.name, path.read_bytes(), max_rows=None)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except FileProblem as problem:
            raise CommandError(f"Nothing was imported. {problem}") from None
        resource = RESOURCES[kind](publish=publish, reason=f"Imported from {path.name}"[:100])
        report = resource.report(resource.import_data(dataset, dry_run=dry_run))
        if options["verbosity"] > 1:
            for row in report.rows:
                self.stdout.write(f"Line {row.line}: {row.status} {row.key}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            count = len(report.problems)
            raise CommandError(
                f"Nothing was imported: {count} problem{'s' if count > 1 else ''} to fix."
            )
        if not dry_run:
            analyze()  # a big file changes the tables' shape: fresh statistics for the planner
            pagecache.bump()  # whatever the import wrote without a signal
        if options["verbosity"]:
            done = "Dry run, nothing saved" if dry_run else "Imported"
            self.stdout.write(f"{done}: {report.summary()}.")
