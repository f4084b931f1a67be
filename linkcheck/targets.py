"""Every field that holds an external link: add a (model label, field name) pair to check another.

Drafts are included: a link is fixed best before its page is published.
"""

from django.apps import apps

TARGETS = [
    ("sources.Source", "url"),
    ("municipalities.PublicBody", "website"),
    ("statutes.Statute", "official_url"),
    ("contacts.Program", "website"),
    ("contacts.Contact", "organization_url"),
    ("contacts.Resource", "url"),
]


def target_fields():
    """(model, field name) for each target, resolved through the app registry."""
    return [(apps.get_model(label), field) for label, field in TARGETS]


def used_urls() -> set[str]:
    """Every distinct non-empty link in the target fields: one query per field."""
    urls = set()
    for model, field in target_fields():
        rows = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
        urls.update(url for url in rows.distinct() if url)
    return urls
