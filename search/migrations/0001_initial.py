import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

import search.operations


def _trigram_index(apps, schema_editor, create=True):
    # "Did you mean" looks words up by similarity: a trigram index on PostgreSQL only.
    if schema_editor.connection.vendor != "postgresql":
        return
    if create:
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_word "
            "USING gin (word gin_trgm_ops)"
        )
    else:
        schema_editor.execute("DROP INDEX IF EXISTS search_word_trgm")


def drop_trigram_index(apps, schema_editor):
    _trigram_index(apps, schema_editor, create=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=30)),
                ('object_id', models.PositiveBigIntegerField()),
                ('public', models.BooleanField(default=False)),
                ('title', models.CharField(max_length=400)),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('extra', models.TextField(blank=True)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                'db_table': 'search_document',
                'ordering': ['kind', 'object_id'],
                'indexes': [models.Index(fields=['public', 'kind'], name='search_document_public')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_document_once')],
            },
        ),
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(help_text='A word or short phrase residents use, e.g. "trash" or "dog warden".', max_length=60, unique=True, verbose_name='when someone searches for')),
                ('meaning', models.CharField(help_text='The words the portal uses, e.g. "solid waste". Separate alternatives with commas: "police, law enforcement".', max_length=200, verbose_name='also search for')),
                ('note', models.CharField(blank=True, help_text='Why, for other staff.', max_length=200)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['term'],
            },
        ),
        migrations.CreateModel(
            name='Word',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=40, unique=True)),
            ],
            options={
                'db_table': 'search_word',
            },
        ),
        search.operations.CreateFullTextIndex(
            'search_document',
            [('title', 'A'), ('summary', 'B'), ('body', 'C'), ('extra', 'D')],
        ),
        TrigramExtension(),
        migrations.RunPython(_trigram_index, drop_trigram_index, elidable=False),
    ]
