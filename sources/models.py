from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from simple_history.models import HistoricalRecords


class SourceManager(models.Manager):
    """Fixtures and the starter loader refer to a source by its address."""

    def get_by_natural_key(self, url):
        return self.get(url=url)


class Source(models.Model):
    """A document a fact comes from: a news report, a town web page, a statute's text…

    Sources are not published on their own: they appear under the published items that cite
    them, so a source cited only by drafts is never shown.
    """

    title = models.CharField(
        max_length=300,
        help_text="The document's own title. If it has none (or it is not known), describe the "
        "document in square brackets, as librarians do: [Report on Avon and Canton merging "
        "animal control].",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it: a newspaper, a town, an agency."
    )
    url = models.URLField(
        "address (URL)",
        max_length=500,
        unique=True,
        help_text="The page or file, starting https://",
    )
    published_on = models.DateField(
        "publication date", null=True, blank=True, help_text="Only if the document shows it."
    )
    published_year = models.PositiveSmallIntegerField(
        "publication year",
        null=True,
        blank=True,
        help_text="When only the year is known. Filled in from the date when there is one.",
    )
    accessed_on = models.DateField(
        "date accessed", null=True, blank=True, help_text="When someone last read it there."
    )
    note = models.TextField(
        blank=True, help_text="Optional: e.g. 'archived copy of the town's former site'."
    )

    objects = SourceManager()

    history = HistoricalRecords()

    class Meta:
        # Oldest first, as a reader follows a story; undated ones last, then in the order they
        # were recorded (titles would sort differently under each database's collation).
        ordering = [F("published_year").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_year__isnull=True)
                | models.Q(published_year__gte=1600, published_year__lte=2999),
                name="source_year_plausible",
                violation_error_message="The publication year must be a four-digit year.",
            )
        ]

    def __str__(self):
        # Several pages share a title ("About Us"): the publisher and year tell them apart.
        details = ", ".join(str(part) for part in (self.publisher, self.published_year) if part)
        return f"{self.title} ({details})" if details else self.title

    def save(self, *args, **kwargs):
        if self.published_on:
            self.published_year = self.published_on.year
        super().save(*args, **kwargs)

    def clean(self):
        if (
            self.published_on
            and self.published_year
            and self.published_year != self.published_on.year
        ):
            raise ValidationError(
                {"published_year": "The year does not match the publication date."}
            )

    def natural_key(self):
        return (self.url,)


class Cited(models.Model):
    """The sources an item cites, and the honest caveats about what they leave unsaid."""

    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="cited_by_%(class)s",
        help_text="Where the facts on this page come from. Every published item should cite one.",
    )
    record_notes = models.TextField(
        "notes on this record",
        blank=True,
        help_text="Plain text, shown to the public: what is not known or only inferred, e.g. "
        "'No source we found states the year this began.'",
    )

    class Meta:
        abstract = True
