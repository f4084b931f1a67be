"""The OpenAPI description is valid and complete, and its docs page loads only our files."""

import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_description_validates_without_a_single_warning(tmp_path):
    # --fail-on-warn: an unresolved type or a guessed parameter fails here, not in a client.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    schema = yaml.safe_load((tmp_path / "s.yaml").read_text())
    assert schema["openapi"].startswith("3.")


def test_the_schema_is_served_as_yaml_and_as_json(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert client.get("/api/v1/schema/?format=json").json() == schema
    assert response["Access-Control-Allow-Origin"] == "*"


def test_every_list_and_detail_is_described_with_its_parameters(client):
    paths = yaml.safe_load(client.get("/api/v1/schema/").content)["paths"]
    for kind in ["agreements", "bodies", "categories", "statutes", "programs"]:
        assert f"/api/v1/{kind}/{{slug}}/" in paths
        assert {p["name"] for p in paths[f"/api/v1/{kind}/"]["get"]["parameters"]} >= {
            "page", "page_size"
        }  # fmt: skip
    parameters = {p["name"]: p for p in paths["/api/v1/agreements/"]["get"]["parameters"]}
    assert set(parameters) == {
        "q", "category", "municipality", "kind", "statute", "status", "year_from", "year_to",
        "has_documents", "sort", "page", "page_size",
    }  # fmt: skip
    assert parameters["category"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["status"]["schema"]["items"]["enum"] == sorted(
        ["proposed", "active", "expired", "terminated", "ended", "unknown"]
    )
    assert sorted(parameters["sort"]["schema"]["enum"]) == [
        "newest",
        "oldest",
        "relevance",
        "title",
    ]
    assert parameters["year_from"]["schema"] == {
        "type": "integer",
        "minimum": 1600,
        "maximum": 2999,
    }
    bodies = {p["name"]: p for p in paths["/api/v1/bodies/"]["get"]["parameters"]}
    assert bodies["member"]["schema"] == {"type": "string", "enum": ["no", "yes"]}


def test_every_field_has_a_description(client):
    schemas = yaml.safe_load(client.get("/api/v1/schema/").content)["components"]["schemas"]
    for name, schema in schemas.items():
        for field, spec in schema.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_errors_are_described_as_problems(client):
    paths = yaml.safe_load(client.get("/api/v1/schema/").content)["paths"]
    responses = paths["/api/v1/agreements/"]["get"]["responses"]
    assert set(responses) == {"200", "400", "404", "406", "429"}
    assert list(responses["404"]["content"]) == ["application/problem+json"]


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe" not in csp
    html = response.content.decode()
    assert "<style" not in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert len(scripts) == 3
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts)
    assert re.findall(r"<script>", html) == []  # nothing inline
    init = client.get(scripts[-1])
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in init.content.decode()


def test_docs_name_every_endpoint_and_parameter(client):
    docs = (settings.BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8")
    paths = yaml.safe_load(client.get("/api/v1/schema/").content)["paths"]
    for path, operations in paths.items():
        assert path.replace("{slug}", "<slug>") in docs or path == "/api/v1/", path
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query":
                assert f"`{parameter['name']}`" in docs, parameter["name"]
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "`API_RATE_LIMIT`" in readme and "docs/api.md" in readme
