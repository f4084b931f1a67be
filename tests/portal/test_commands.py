"""Management commands: the Editors group and the local admin account."""

import io
import os
import re
import sys

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from portal.management.commands.ensure_local_admin import _python

pytestmark = pytest.mark.django_db

CONTENT_APPS = {
    "portal", "sources", "services", "municipalities", "statutes", "agreements", "contacts",
    "drafting",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _run(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def _editor_permissions():
    return set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def _printed_password(output):
    match = re.search(r"^Password: (\S+)   \(shown once", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def test_create_editors_group_creates_the_group():
    output = _run("create_editors_group")

    assert Group.objects.filter(name="Editors").exists()
    assert output.startswith('Created the "Editors" group')


def test_create_editors_group_grants_every_content_permission():
    _run("create_editors_group")

    expected = set(
        Permission.objects.filter(content_type__app_label__in=CONTENT_APPS).values_list(
            "content_type__app_label", "codename"
        )
    )
    synonyms = {("search", f"{verb}_synonym") for verb in ("add", "change", "delete", "view")}
    granted = _editor_permissions()
    assert granted == expected | synonyms | {("linkcheck", "view_linkcheck")}
    assert ("agreements", "add_agreement") in granted
    assert ("agreements", "change_agreementdocument") in granted
    assert ("contacts", "delete_contact") in granted
    assert ("sources", "add_source") in granted


def test_create_editors_group_grants_no_auth_permission():
    _run("create_editors_group")

    assert not {app for app, _ in _editor_permissions()} - CONTENT_APPS - {"search", "linkcheck"}
    assert {code for app, code in _editor_permissions() if app == "search"} == {
        "add_synonym", "change_synonym", "delete_synonym", "view_synonym"
    }  # fmt: skip
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="auth")
        .exists()
    )


def test_create_editors_group_twice_keeps_one_group_with_the_same_permissions():
    _run("create_editors_group")
    first = _editor_permissions()

    output = _run("create_editors_group")

    assert Group.objects.filter(name="Editors").count() == 1
    assert _editor_permissions() == first
    assert output.startswith('Updated the "Editors" group')


def test_create_editors_group_removes_a_permission_added_by_hand():
    _run("create_editors_group")
    group = Group.objects.get(name="Editors")
    group.permissions.add(Permission.objects.get(codename="add_user"))

    _run("create_editors_group")

    assert not group.permissions.filter(codename="add_user").exists()


def test_ensure_local_admin_creates_one_superuser():
    _run("ensure_local_admin")

    admin = User.objects.get()
    assert admin.username == "admin"
    assert admin.is_superuser and admin.is_staff and admin.is_active


def test_ensure_local_admin_prints_a_password_that_works():
    password = _printed_password(_run("ensure_local_admin"))

    user = authenticate(RequestFactory().post("/admin/login/"), username="admin", password=password)
    assert user is not None
    assert user.is_superuser


def test_ensure_local_admin_password_is_long():
    assert len(_printed_password(_run("ensure_local_admin"))) >= 16


def test_ensure_local_admin_accepts_another_username():
    password = _printed_password(_run("ensure_local_admin", "--username", "curator"))

    assert authenticate(
        RequestFactory().post("/admin/login/"), username="curator", password=password
    ).is_superuser


def test_ensure_local_admin_second_run_creates_nothing():
    _run("ensure_local_admin")

    _run("ensure_local_admin")

    assert User.objects.count() == 1


def test_ensure_local_admin_second_run_prints_no_password():
    password = _printed_password(_run("ensure_local_admin"))

    output = _run("ensure_local_admin")

    assert password not in output
    assert "Password: as set before" in output


def test_ensure_local_admin_second_run_keeps_the_first_password():
    password = _printed_password(_run("ensure_local_admin"))

    _run("ensure_local_admin")

    assert (
        authenticate(RequestFactory().post("/admin/login/"), username="admin", password=password)
        is not None
    )


def test_ensure_local_admin_does_nothing_when_any_superuser_exists():
    User.objects.create_superuser("someone-else", "", "pw")

    output = _run("ensure_local_admin")

    assert not User.objects.filter(username="admin").exists()
    assert "User:     someone-else\n" in output
    assert "Password: as set before" in output


def test_ensure_local_admin_password_is_random():
    first = _printed_password(_run("ensure_local_admin"))
    User.objects.all().delete()

    second = _printed_password(_run("ensure_local_admin"))

    assert first != second


def test_ensure_local_admin_explains_a_clash_with_an_ordinary_user_named_admin():
    User.objects.create_user("admin", "", "pw")

    with pytest.raises(CommandError, match="admin"):
        _run("ensure_local_admin")


def test_ensure_local_admin_ends_with_the_addresses_user_and_one_time_password():
    output = _run("ensure_local_admin", "--url", "http://127.0.0.1:8077/")

    password = _printed_password(output)
    assert output.splitlines()[-4:] == [
        "Portal:   http://127.0.0.1:8077/",
        "Admin:    http://127.0.0.1:8077/admin/",
        "User:     admin",
        f"Password: {password}   (shown once; reset with: {_python()} manage.py changepassword admin)",
    ]


def test_ensure_local_admin_for_an_existing_admin_ends_with_how_to_reset_the_password():
    _run("ensure_local_admin")

    output = _run("ensure_local_admin", "--url", "http://localhost:8000")

    assert output.splitlines()[-4:] == [
        "Portal:   http://localhost:8000/",
        "Admin:    http://localhost:8000/admin/",
        "User:     admin",
        f"Password: as set before (reset with: {_python()} manage.py changepassword admin)",
    ]


def test_ensure_local_admin_names_the_superuser_asked_for_among_several():
    User.objects.create_superuser("first", "", "pw")
    User.objects.create_superuser("admin", "", "pw")

    assert "User:     admin\n" in _run("ensure_local_admin")


def test_reset_hint_names_a_checkouts_interpreter_relative_to_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / ".venv" / "bin" / "python"))

    assert _python() == os.path.join(".venv", "bin", "python")


def test_reset_hint_names_another_interpreter_by_its_full_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "executable", "/usr/bin/python3")

    assert _python() == "/usr/bin/python3"
