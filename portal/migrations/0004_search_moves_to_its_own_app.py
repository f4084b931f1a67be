# Search moved to the `search` app (table search_document, filled again after migrate).

from django.db import migrations

import search.operations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0003_sitepage_sources'),
    ]

    operations = [
        search.operations.DropFullTextIndex(
            'portal_searchdocument', [('title', 'A'), ('summary', 'B'), ('body', 'C')]
        ),
        migrations.DeleteModel(
            name='SearchDocument',
        ),
    ]
