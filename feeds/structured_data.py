"""schema.org JSON-LD for the pages of agreements, bodies, statutes and programs.

Only what the page itself shows: related items only when published (the detail views prefetch
them that way, so this costs no query), and an unknown field is left out, never guessed.

Types: a body is a `GovernmentOrganization`; a statute a `Legislation`; a program a
`GovernmentService` provided by its administering body. An agreement is a `CreativeWork`:
schema.org has no type for a contract between governments, it is not legislation, and a
`GovernmentService` would lose its status and term; CreativeWork carries both
(`creativeWorkStatus`, `temporalCoverage`), its services (`about`), its parties
(`contributor`) and the laws it cites (`citation`).
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from agreements.models import Agreement, AgreementStatus
from contacts.models import Program
from municipalities.models import PublicBody
from portal.markdown import plain_text
from region.answers import Answer
from statutes.models import Statute

CONTEXT = "https://schema.org"
DESCRIPTION_WORDS = 60
# Every body and law the portal records is Connecticut's (see statutes.models).
REGION = "CT"
COUNTRY = "US"
JURISDICTION = "US-CT"

# Inside <script> the HTML parser ends the element at "</script"; JSON's \u escapes keep the
# data identical while no "<", ">" or "&" reaches the HTML parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _compact(data: dict) -> dict:
    """Leave out what is not known: None, empty strings and empty lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _link(request, item) -> str:
    return request.build_absolute_uri(item.get_absolute_url())


def _organization(request, body) -> dict:
    return {"@type": "GovernmentOrganization", "name": body.name, "url": _link(request, body)}


def _description(markdown: str) -> str:
    return Truncator(plain_text(markdown)).words(DESCRIPTION_WORDS, truncate="…")


def _term(agreement) -> str:
    """ISO 8601 interval, '..' for an open end: '2015-07-01/2020', '2015/..', '../2020'."""
    start = agreement.start_date.isoformat() if agreement.start_date else agreement.start_year
    end = agreement.end_date.isoformat() if agreement.end_date else agreement.end_year
    return f"{start or '..'}/{end or '..'}" if start or end else ""


def agreement_data(request, agreement: Agreement) -> dict:
    known_status = agreement.status != AgreementStatus.UNKNOWN
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "CreativeWork",
            "name": agreement.title,
            "url": _link(request, agreement),
            "description": _description(agreement.summary),
            "creativeWorkStatus": agreement.get_status_display() if known_status else "",
            "temporalCoverage": _term(agreement),
            "dateModified": agreement.updated_at.isoformat(),
            "about": [
                {"@type": "Thing", "name": category.name, "url": _link(request, category)}
                for category in agreement.categories.all()
            ],
            "contributor": [_organization(request, body) for body in agreement.party_bodies],
            "citation": [
                {"@type": "Legislation", "name": str(statute), "url": _link(request, statute)}
                for statute in agreement.statutes.all()
            ],
        }
    )


def body_data(request, body: PublicBody) -> dict:
    parent = body.parent if body.parent and body.parent.is_published else None
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "GovernmentOrganization",
            "name": body.name,
            "url": _link(request, body),
            "sameAs": [body.website] if body.website else [],
            "address": {
                "@type": "PostalAddress",
                "addressRegion": REGION,
                "addressCountry": COUNTRY,
            },
            "parentOrganization": _organization(request, parent) if parent else None,
        }
    )


def statute_data(request, statute: Statute) -> dict:
    page = _link(request, statute)
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Legislation",
            "name": statute.title,
            "legislationIdentifier": statute.citation,
            "legislationType": statute.get_kind_display(),
            "legislationJurisdiction": JURISDICTION,
            # The law's own address is the official text; this page is about it.
            "url": statute.official_url or page,
            "mainEntityOfPage": page,
            "description": _description(statute.summary),
            "about": [
                {"@type": "Thing", "name": category.name, "url": _link(request, category)}
                for category in statute.categories.all()
            ],
        }
    )


def program_data(request, program: Program) -> dict:
    body = program.administering_body
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "GovernmentService",
            "name": program.name,
            "alternateName": program.acronym,
            "url": _link(request, program),
            "description": program.summary,
            "sameAs": [program.website] if program.website else [],
            "provider": _organization(request, body) if body and body.is_published else None,
        }
    )


def answer_data(request, answer: Answer) -> dict:
    """A "who provides … in …?" page: the service in the town, and who provides it now."""
    town, category = answer.town, answer.category
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "GovernmentService",
            "name": f"{category.name} in {town.name}",
            "serviceType": category.name,
            "url": request.build_absolute_uri(request.path),
            "areaServed": {"@type": "AdministrativeArea", "name": f"{town.name}, Connecticut"},
            "provider": [_organization(request, body) for body in answer.providers],
            "description": " ".join(a.text for a in answer.current),
        }
    )


BUILDERS = {
    Answer: answer_data,
    Agreement: agreement_data,
    PublicBody: body_data,
    Statute: statute_data,
    Program: program_data,
}


def script_tag(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` data block; never executed, so the CSP's
    script-src does not apply to it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
