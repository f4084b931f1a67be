from django.core.management.base import BaseCommand

from portal.housekeeping import analyze


class Command(BaseCommand):
    help = (
        "Refresh the database's query-planner statistics (ANALYZE). migrate, "
        "load_starter_content and import_agreements do it themselves; run it after loading "
        "data any other way."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, database, **options):
        analyze(database)
        if options["verbosity"]:
            self.stdout.write("Statistics refreshed.")
