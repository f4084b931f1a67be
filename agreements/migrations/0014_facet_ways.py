"""The kept facet values gain each party's way of taking part (agreements.facets.WAY): they
are forgotten here, and `facets.fill_after_migrate` stores and counts them all again after
this migrate (as on the migrate that added the tables)."""

from django.db import migrations


def forget(apps, schema_editor):
    for name in ("FacetPair", "FacetCount", "FacetKey"):
        apps.get_model("agreements", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0013_facet_pairs"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
