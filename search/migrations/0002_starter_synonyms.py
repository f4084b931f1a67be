# The starter list of the words residents use (search/starter.py). Staff curate the list in
# the admin (Search › Synonyms) from here on.

from django.db import migrations

from search.starter import add_starter_synonyms


def add_synonyms(apps, schema_editor):
    add_starter_synonyms(apps.get_model("search", "Synonym"))


def remove_synonyms(apps, schema_editor):
    from search.starter import STARTER_SYNONYMS

    apps.get_model("search", "Synonym").objects.filter(term__in=STARTER_SYNONYMS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
    ]

    operations = [migrations.RunPython(add_synonyms, remove_synonyms)]
