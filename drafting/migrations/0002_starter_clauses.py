# The starter clause library (drafting/starter.py), so every database can build drafts. Staff
# curate the library in the admin (Drafting › Clauses) from here on. Statutes are content, loaded
# later by `load_starter_content`, which links the clauses to them; any already here are linked now.

from django.db import migrations

from drafting.starter import add_starter_clauses


def add_clauses(apps, schema_editor):
    add_starter_clauses(
        apps.get_model("drafting", "Clause"), apps.get_model("statutes", "Statute")
    )


def remove_clauses(apps, schema_editor):
    from drafting.starter import STARTER_CLAUSES

    slugs = [row["slug"] for row in STARTER_CLAUSES]
    apps.get_model("drafting", "Clause").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("drafting", "0001_initial"),
        ("statutes", "0003_historicalstatute"),
    ]

    operations = [migrations.RunPython(add_clauses, remove_clauses)]
