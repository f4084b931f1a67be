from django.core.management import BaseCommand, call_command

from services.models import ServiceCategory


class Command(BaseCommand):
    help = (
        "Load the verified starter content (fixtures/starter.json). Rows are matched by slug, "
        "so running it again updates them in place and adds nothing."
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
        call_command("loaddata", "starter", verbosity=options["verbosity"])
