import time

from django.core.management.base import BaseCommand, CommandError

from portal import synthetic


class Command(BaseCommand):
    help = (
        "Add synthetic agreements and bodies for benchmarks ('Synthetic agreement 000123'), in "
        "bulk, indexed for search. Refuses a database with real published agreements unless "
        "--force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=1000, help="How many to add.")
        parser.add_argument("--bodies", type=int, default=100, help="New bodies among them.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--force", action="store_true",
            help="Add them even beside real published content (never on a live site).",
        )  # fmt: skip

    def handle(self, *args, agreements, bodies, seed, force, **options):
        if agreements < 0 or bodies < 2:
            raise CommandError("--agreements must be 0 or more and --bodies at least 2.")
        started = time.perf_counter()
        try:
            done = synthetic.seed(agreements, bodies, seed=seed, force=force)
        except synthetic.RealContentPresent:
            raise CommandError(
                "Nothing was added: this database holds real published agreements. Use an empty "
                "database for benchmarks, or --force to mix synthetic ones in."
            ) from None
        if options["verbosity"]:
            self.stdout.write(
                f"Added {done.agreements} synthetic agreements with {done.parties} parties among "
                f"{done.bodies} new bodies; {done.indexed} search documents written; "
                f"{time.perf_counter() - started:.1f} s."
            )
