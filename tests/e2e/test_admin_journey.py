"""A staff member curates an agreement in the admin, from draft to published."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"


def choose_autocomplete(page, select_id, text, option):
    """Pick a value in one of the admin's select2 autocomplete widgets."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=option).first.click()


def csp_violations(page):
    """Collect what the Content-Security-Policy blocks on this page, as Chromium reports it."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_staff_creates_a_draft_then_publishes_it(page, site):
    violations = csp_violations(page)
    get_user_model().objects.create_superuser("curator", "", PASSWORD)
    url = site["url"]
    page.goto(url + "/admin/login/?next=/admin/agreements/agreement/add/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("Add agreement")

    page.locator("#id_title").press_sequentially("Test: Hebron and Marlborough shared dispatch")
    expect(page.locator("#id_slug")).to_have_value("test-hebron-and-marlborough-shared-dispatch")
    choose_autocomplete(page, "id_categories", "Dispatch", "Dispatch services")
    page.locator("#id_summary").press_sequentially("Shared **dispatch** for two towns.")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("dispatch")

    choose_autocomplete(page, "id_parties-0-body", "Hebron", "Hebron")
    page.locator("#id_parties-0-role").select_option("lead")
    choose_autocomplete(page, "id_parties-1-body", "Marlborough", "Marlborough")
    page.locator("#id_parties-1-role").select_option("recipient")
    # Publishing asks for a source too.
    choose_autocomplete(page, "id_sources", "Toolkit", "Shared Services – Toolkit")
    page.locator("#id_documents-0-title").fill("Test dispatch agreement")
    page.locator("#id_documents-0-file").set_input_files(
        files=[{"name": "dispatch-test.pdf", "mimeType": "application/pdf",
                "buffer": pdf_bytes("Test dispatch")}]
    )  # fmt: skip
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    agreement = Agreement.objects.get(slug="test-hebron-and-marlborough-shared-dispatch")
    assert agreement.publication == "draft"
    assert [p.body.name for p in agreement.parties.order_by("role")] == ["Hebron", "Marlborough"]
    assert agreement.documents.get().original_filename == "dispatch-test.pdf"
    public = url + agreement.get_absolute_url()
    anonymous = page.context.browser.new_context()
    assert anonymous.request.get(public).status == 404  # the public; staff see a preview
    assert page.request.get(public).status == 200
    # Staff open their draft's file from the form, through the admin, never from /media/.
    current = page.locator(".field-file a").first.get_attribute("href")
    assert current.startswith("/admin/") and current.endswith("/file/")
    assert page.request.get(url + current).status == 200

    page.locator("#id_publication").select_option("published")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert anonymous.request.get(public).status == 200
    anonymous.close()

    visitor = page.context.browser.new_page()
    try:
        visitor.goto(url + "/agreements/?category=dispatch-services")
        expect(visitor.get_by_role("link", name=agreement.title)).to_be_visible()
        visitor.goto(url + "/municipalities/hebron/")
        expect(visitor.get_by_role("link", name=agreement.title)).to_be_visible()
        visitor.goto(url + "/search/?q=Marlborough+dispatch")
        expect(visitor.get_by_role("link", name=agreement.title)).to_be_visible()
        visitor.goto(public)
        expect(visitor.locator(".prose strong")).to_have_text("dispatch")
        expect(
            visitor.get_by_role("link", name=re.compile("Test dispatch agreement"))
        ).to_be_visible()
    finally:
        visitor.close()
    # The editor, its live preview, the autocomplete widgets and the upload all worked, and
    # the Content-Security-Policy blocked nothing on the way.
    assert violations == []
