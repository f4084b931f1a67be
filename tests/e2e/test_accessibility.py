"""The accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any public page type."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

PAGE_TYPES = {
    "home": "/",
    "service-list": "/services/",
    "service-detail": "/services/building-inspection/",
    "library": "/agreements/",
    "library-filtered": "/agreements/?municipality=bolton&category=building-inspection&year_from=abc",
    "library-empty": "/agreements/?category=childcare-services",
    "agreement-detail": "/agreements/bolton-regional-building-inspection/",
    "agreement-with-savings": "/agreements/vernon-regional-sewage-treatment/",
    "municipality-list": "/municipalities/",
    "municipality-detail": "/municipalities/bolton/",
    "district-detail": "/municipalities/eastern-highlands-health-district/",
    "statute-list": "/statutes/",
    "statute-detail": "/statutes/cgs-7-148cc/",
    "statute-without-link": "/statutes/cgs-7-137/",
    "program-list": "/programs/",
    "program-detail": "/programs/regional-performance-incentive-program/",
    "site-page": "/about/what-are-shared-services/",
    "search-form": "/search/",
    "search-results": "/search/?q=inspections",
    "search-no-results": "/search/?q=nothingmatchesthis",
    "search-synonym-snippets": "/search/?q=garbage",
    "search-any-word-suggestion": "/search/?q=bolton+inspecton",
    "search-one-kind": "/search/?q=regional&kind=agreement&page=2",
    "compare": "/agreements/compare/?a=bolton-regional-building-inspection"
    "&a=vernon-regional-sewage-treatment",
    "compare-empty": "/agreements/compare/",
    "partner-finder": "/partners/?service=animal-control&town=andover",
    "partner-finder-form": "/partners/",
    "partner-finder-service-only": "/partners/?service=public-health",
    "partner-finder-town-only": "/partners/?town=bolton",
    "partner-finder-unknown": "/partners/?service=no-such-service&town=atlantis",
    "service-without-agreements": "/services/childcare-services/",
    "answer-lead": "/towns/andover/services/building-inspection/",
    "answer-district": "/towns/windsor/services/waste-management/",
    "answer-nothing": "/towns/hebron/services/childcare-services/",
    "answer-lookup-errors": "/towns/?town=atlantis",
    "region-matrix": "/region/",
    "region-savings": "/region/savings/",
    "region-network": "/region/network/",
    "facet-values": "/agreements/filters/municipality/?category=building-inspection",
    "service-with-savings": "/services/water-and-wastewater-services/",
    "region-matrix-filtered": "/region/?kind=community&members=on&sort=-town",
    "draft-builder": "/agreements/draft/?from=bolton-regional-building-inspection",
    "not-found": "/no-such-page/",
}


def violations_report(results):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    )


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_has_no_wcag_violations_at_desktop_and_phone_width(new_page, site, name):
    axe = Axe()
    for label, viewport in (("1280", DESKTOP), ("320", PHONE)):
        page = new_page(viewport=viewport)
        blocked = []
        page.on(
            "console",
            lambda message, blocked=blocked: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        response = page.goto(site["url"] + PAGE_TYPES[name])
        assert response.status == {"not-found": 404, "answer-lookup-errors": 400}.get(name, 200)
        screenshot(page, f"{name}-{label}")
        assert blocked == [], f"{name}: the Content-Security-Policy blocked {blocked}"
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{name} at {label}px:\n{violations_report(results)}"


def test_admin_agreement_add_page_is_audited(new_page, site, django_user_model):
    """Axe on the admin's add form, with its inlines and autocomplete widgets; the report is
    kept in var/screenshots/admin-axe.json."""
    django_user_model.objects.create_superuser("auditor", "", "a-long-test-password-1")
    page = new_page()
    page.goto(site["url"] + "/admin/login/?next=/admin/agreements/agreement/add/")
    page.get_by_label("Username").fill("auditor")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#agreement_form")
    page.wait_for_load_state("load")
    screenshot(page, "admin-agreement-add-1280")
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "admin-axe.json").write_text(
        json.dumps(
            [{"id": v["id"], "impact": v["impact"], "help": v["help"],
              "targets": [n["target"] for n in v["nodes"]]} for v in violations],
            indent=1,
        )
    )  # fmt: skip
    print("admin agreement add page:", violations_report(results) or "no violations")
    # Before our fixes: unlabelled tabular-inline controls and unnamed select2 widgets.
    assert violations == [], violations_report(results)


def test_the_gate_catches_a_violation(page):
    """The gate can fail: a control without a label and low-contrast text are reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><input type="text"><p style="color:#bbb;background:#fff">Faint</p>'
        "</main></body></html>"
    )
    ids = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"label", "color-contrast"} <= ids


IMPORT_FILES = {
    # An unchanged, a changed and a new agreement; then a file with problems in two rows.
    "admin-import-preview": "slug,title\n"
    "bolton-regional-building-inspection,Bolton regional building inspection program\n"
    "vernon-regional-sewage-treatment,Test: Vernon sewage treatment renamed\n"
    "test-new-agreement,Test: a new agreement\n",
    "admin-import-preview-with-problems": "slug,title,parties,status\n"
    "test-new-agreement,,westford (lead),running\n"
    "test-other,Test: another,bolton lead,active\n",
}


@pytest.mark.parametrize("name", ["admin-import-form", *IMPORT_FILES])
def test_the_admin_import_pages_have_no_wcag_violations(new_page, site, django_user_model,
                                                         tmp_path, name):  # fmt: skip
    """The upload form, and the preview of a file with and without problems (imports.admin)."""
    django_user_model.objects.create_superuser("auditor", "", "a-long-test-password-1")
    page = new_page()
    page.goto(site["url"] + "/admin/login/?next=/admin/agreements/agreement/import/")
    page.get_by_label("Username").fill("auditor")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#id_import_file")
    if name in IMPORT_FILES:
        upload = tmp_path / "agreements.csv"
        upload.write_text(IMPORT_FILES[name])
        page.set_input_files("#id_import_file", upload)
        page.get_by_role("button", name="Preview the import").click()
        page.wait_for_selector("#result_list")
        assert page.get_by_role("button", name="Import these rows").count() == (
            name == "admin-import-preview"
        )
    page.wait_for_load_state("load")
    screenshot(page, f"{name}-1280")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{name}:\n{violations_report(results)}"
