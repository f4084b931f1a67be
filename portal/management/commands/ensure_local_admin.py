import os
import secrets
import sys

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.urls import reverse


def _python() -> str:
    """This interpreter as a developer would type it here: `.venv/bin/python` in a checkout."""
    relative = os.path.relpath(sys.executable)
    return sys.executable if relative.startswith("..") else relative


class Command(BaseCommand):
    help = (
        "Create a local superuser 'admin' with a random password, printed once, unless a "
        "superuser already exists; then print where the portal and the admin are and who signs in. "
        "`make run` calls it last, so that these are the last lines before the server starts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the portal will be served."
        )

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        superusers = User.objects.filter(is_superuser=True)
        if superusers.exists():
            # Name the account asked for when it is a superuser, else the oldest one.
            existing = superusers.filter(username=username).first() or superusers.order_by("pk")[0]
            self._print_block(url, existing.get_username(), password=None)
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user named '{username}' exists but is not a superuser. Make it one with "
                f"`manage.py createsuperuser`, or choose another name with --username."
            )
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username=username, email="", password=password)
        self._print_block(url, username, password)

    def _print_block(self, url, username, password):
        url = url.rstrip("/")
        reset = f"{_python()} manage.py changepassword {username}"
        if password is None:
            password_line = f"as set before (reset with: {reset})"
        else:
            password_line = self.style.WARNING(password) + f"   (shown once; reset with: {reset})"
        self.stdout.write(
            f"\nPortal:   {url}/\nAdmin:    {url}{reverse('admin:index')}\nUser:     {username}\n"
            f"Password: {password_line}\n"
        )
