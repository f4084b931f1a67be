from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from sources.models import Cited

# For the years sources give (a start, a membership, a claim): a four-digit year, never "97".
YEAR_VALIDATORS = [MinValueValidator(1600), MaxValueValidator(2999)]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft (hidden from the public)"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: every public view starts here."""
        return self.filter(publication=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(publication=PublicationStatus.DRAFT)


class Publishable(models.Model):
    """Draft/published state and timestamps shared by every public model."""

    publication = models.CharField(
        "publication state",
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Drafts are visible only in this admin. Publish when the content is checked.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication == PublicationStatus.PUBLISHED


class SlugNaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug, so loading them twice updates rather than duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SitePage(Publishable, Cited):
    """Editable prose such as "What are shared services?"."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    lead = models.CharField(
        max_length=300, blank=True, help_text="One sentence shown under the title and in search."
    )
    body = MarkdownxField(help_text="Markdown. Use ## for section headings.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "site page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:page", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class SearchKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement"
    CATEGORY = "category", "Service category"
    BODY = "body", "Municipality or public body"
    STATUTE = "statute", "Statute"
    PROGRAM = "program", "Program"


class SearchDocument(models.Model):
    """The searchable text of one agreement, category, body, statute or program.

    Written only by portal.search (through signals), never by staff. The text is split by
    weight: `title` ranks above `summary`, which ranks above `body` (everything else, such as
    an agreement's party and category names). Drafts are indexed too: searches join back to
    `Model.objects.published()`, so publishing needs no reindex of the object itself.

    The database keeps the full-text index itself (migration 0002): on PostgreSQL a trigger fills
    `search_vector` and a GIN index serves it; on SQLite triggers mirror the rows into the FTS5
    table `portal_searchdocument_fts`. Neither index can be declared here: GinIndex DDL fails on
    SQLite. A later migration that makes SQLite remake this table drops those triggers: recreate
    them in that migration and run `manage.py rebuild_search_index`.
    """

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=400)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # PostgreSQL only (a trigger keeps it current); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
