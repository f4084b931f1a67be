import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a local superuser 'admin' with a random password, printed once, "
        "unless a superuser already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; no new admin account was created.")
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user named '{username}' exists but is not a superuser. Make it one with "
                f"`manage.py createsuperuser`, or choose another name with --username."
            )
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                "\nCreated the local admin account (shown only this once; keep it safe):\n"
                f"    username: {username}\n    password: {password}\n"
            )
        )
