from django.contrib.auth.models import Group, Permission
from django.core.management import BaseCommand
from django.db.models import Q

EDITORS = "Editors"
# Staff in this group curate everything the public sees, and nothing else (no users, no groups).
CONTENT_APPS = [
    "portal", "sources", "services", "municipalities", "statutes", "agreements", "contacts",
    "drafting",
]  # fmt: skip


class Command(BaseCommand):
    help = 'Create or refresh the "Editors" group: may curate all content, may not manage users.'

    def handle(self, *args, **options):
        group, created = Group.objects.get_or_create(name=EDITORS)
        # ... and the words search treats as the same (the index itself is not staff's to edit),
        # and the results of the link checker, to read (only check_links writes them).
        permissions = Permission.objects.filter(
            Q(content_type__app_label__in=CONTENT_APPS)
            | Q(content_type__app_label="search", content_type__model="synonym")
            | Q(content_type__app_label="linkcheck", codename="view_linkcheck")
        )
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} the "{EDITORS}" group with {permissions.count()} permissions.')
