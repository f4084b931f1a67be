from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

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

    # Whether staff may preview a draft on its public page (see portal.preview).
    previewable = True

    @property
    def is_published(self) -> bool:
        return self.publication == PublicationStatus.PUBLISHED

    def publication_problems(self) -> list[str]:
        """What keeps this saved item from being published, in words staff act on; none here.

        A draft may be half done: these rules apply only when it is published (the admin's form
        and its bulk action, and the starter-content loader, all ask).
        """
        return []


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "site page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:page", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
