# The starter clause library, so every database can build drafts. Staff curate the library in
# the admin (Drafting › Clauses) from here on. Statutes are content, loaded later by
# `load_starter_content`, which links the clauses to them; any already here are linked now.
#
# The clauses are the frozen copy in _starter_0002.py, never the live drafting/starter.py: a
# migration must do the same thing on every database, whatever the code says later.

from django.db import migrations

from drafting.migrations._starter_0002 import STARTER_CLAUSES

PUBLISHED = "published"  # portal.models.PublicationStatus.PUBLISHED, frozen
# What a starter clause holds as added; a clause that still holds all of it is unedited.
FROZEN_FIELDS = ["topic", "option", "order", "title", "text", "guidance", "citation"]


def add_clauses(apps, schema_editor):
    """Add the missing starter clauses (by slug), published, linked to their statutes if the
    statutes are already loaded."""
    Clause = apps.get_model("drafting", "Clause")
    Statute = apps.get_model("statutes", "Statute")
    existing = set(Clause._base_manager.values_list("slug", flat=True))
    statutes = dict(
        Statute._base_manager.filter(
            slug__in={row["statute"] for row in STARTER_CLAUSES if row["statute"]}
        ).values_list("slug", "pk")
    )
    Clause._base_manager.bulk_create(
        Clause(
            **{field: row[field] for field in ["slug", *FROZEN_FIELDS]},
            statute_id=statutes.get(row["statute"]),
            publication=PUBLISHED,
        )
        for row in STARTER_CLAUSES
        if row["slug"] not in existing
    )


def remove_unedited_clauses(apps, schema_editor):
    """Remove the starter clauses exactly as added; a clause staff edited (or unpublished) is
    theirs now and stays."""
    Clause = apps.get_model("drafting", "Clause")
    frozen = {row["slug"]: row for row in STARTER_CLAUSES}
    unedited = [
        clause.pk
        for clause in Clause._base_manager.filter(slug__in=frozen, publication=PUBLISHED)
        if all(getattr(clause, field) == frozen[clause.slug][field] for field in FROZEN_FIELDS)
    ]
    Clause._base_manager.filter(pk__in=unedited).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("drafting", "0001_initial"),
        ("statutes", "0003_historicalstatute"),
    ]

    operations = [migrations.RunPython(add_clauses, remove_unedited_clauses)]
