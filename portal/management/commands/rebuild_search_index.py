from django.core.management.base import BaseCommand

from portal.search import MODELS, rebuild_index


class Command(BaseCommand):
    help = "Index all agreements, categories, bodies, statutes and programs for search again."

    def handle(self, *args, **options):
        counts = rebuild_index()
        for kind, count in counts.items():
            label = MODELS[kind]._meta.verbose_name_plural
            self.stdout.write(f"{count} {label}")
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} objects."))
