from django.core.management import BaseCommand, CommandError

from portal import pagecache
from portal.housekeeping import analyze
from portal.starter import STARTER_DIR, StarterError, load_all
from services.models import ServiceCategory


class Command(BaseCommand):
    help = (
        "Load the verified starter content (the CSV files in fixtures/starter/ and "
        "fixtures/starter.json). Rows are matched by slug, so running it again updates them in "
        "place, adds nothing and saves only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has content (keeps staff edits).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and ServiceCategory.objects.exists():
            self.stdout.write("Content already present; starter content not loaded again.")
            return
        try:
            counts = load_all(STARTER_DIR, verbosity=options["verbosity"])
        except StarterError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        analyze()  # the planner's statistics, for the tables just filled
        pagecache.bump()  # bulk inserts send no signals: cached pages are out of date
        if options["verbosity"]:
            saved = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"Starter content loaded; rows added or changed: {saved}.")
