"""Factories and helpers for the draft builder's tests: plain functions, like tests/factories.py."""

import io
import itertools

import docx
import pytest
from django.utils.text import slugify

from drafting.models import Clause, Topic
from portal.models import PublicationStatus
from tests.factories import make_body, make_category

DRAFT_URL = "/agreements/draft/"
_counter = itertools.count(1)


def make_clause(title=None, *, topic=Topic.GENERAL, option="", published=True, **fields):
    title = title or f"Clause {next(_counter)}"
    return Clause.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)), topic=topic, option=option,
        text=fields.pop("text", "The Parties agree."),
        publication=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
        **fields,
    )  # fmt: skip


def form_data(service, bodies, **changes):
    """A valid POST of the builder's form for `service` among `bodies` (the first leads)."""
    data = {
        "service": service.slug,
        "parties": [body.slug for body in bodies],
        "other_parties": "",
        "lead": bodies[0].slug if bodies else "",
        "term_years": "5",
        "renewal": "automatic_renewal",
        "governance": "lead_town",
        "cost_method": "per_capita",
        "records": "administrator_keeps",
        "review": "no_review",
        "review_years": "",
        "insurance": "own_acts",
        "disputes": "negotiation_mediation",
        "notice_months": "12",
        "amendment": "amend_by_legislative_bodies",
        "termination": "terminate_by_agreement",
        "action": "preview",
    }
    data.update(changes)
    return data


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def docx_text(document) -> str:
    """Every paragraph's text, headers and footers aside, one per line."""
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def first_page_text(document) -> str:
    """The text before the first page break."""
    lines = []
    for paragraph in document.paragraphs:
        if paragraph._p.xpath(".//w:br[@w:type='page']"):
            break
        lines.append(paragraph.text)
    return "\n".join(lines)


@pytest.fixture
def towns():
    return [make_body("Tolland"), make_body("Vernon"), make_body("Ellington")]


@pytest.fixture
def service():
    return make_category("Animal control")


@pytest.fixture
def staff_client(client, django_user_model):
    """A curator signed in to the admin (as tests/admin/conftest.py's superuser_client)."""
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client.force_login(user)
    return client
