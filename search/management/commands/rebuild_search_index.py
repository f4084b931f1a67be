from django.core.management.base import BaseCommand

from search.indexing import rebuild
from search.registry import site


class Command(BaseCommand):
    help = "Index every searchable object again (and extract the text of uploaded files)."

    def handle(self, *args, **options):
        counts = rebuild()
        for kind, count in counts.items():
            self.stdout.write(f"{count} {site[kind].label.lower()}")
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} objects."))
