from django.contrib.auth.models import Group, Permission
from django.core.management import BaseCommand

EDITORS = "Editors"
# Staff in this group curate everything the public sees, and nothing else (no users, no groups).
CONTENT_APPS = [
    "portal", "sources", "services", "municipalities", "statutes", "agreements", "contacts",
]  # fmt: skip


class Command(BaseCommand):
    help = 'Create or refresh the "Editors" group: may curate all content, may not manage users.'

    def handle(self, *args, **options):
        group, created = Group.objects.get_or_create(name=EDITORS)
        permissions = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} the "{EDITORS}" group with {permissions.count()} permissions.')
