"""collectstatic produces hashed, compressed files that the pages then reference."""

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_collectstatic_builds_hashed_compressed_files_the_pages_use(client, settings, tmp_path):
    root = tmp_path / "static"
    manifest_storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=manifest_storage):
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed = [p.name for p in (root / "css").glob("site.*.css")]
        assert hashed, "no hashed site.css"
        assert (root / "css" / f"{hashed[0]}.gz").exists()
        html = client.get("/").content.decode()
    assert f'href="/static/css/{hashed[0]}"' in html
