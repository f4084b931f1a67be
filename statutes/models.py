from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from portal.models import Publishable, PublishableQuerySet, SlugNaturalKeyManager


class StatuteKind(models.TextChoices):
    SECTION = "section", "Statute section"
    CHAPTER = "chapter", "Chapter or range of sections"
    PUBLIC_ACT = "public_act", "Public act"


class Statute(Publishable):
    """A Connecticut law that enables sharing, summarized for non-lawyers."""

    citation = models.CharField(
        max_length=120,
        blank=True,
        help_text='For example "CGS § 7-148cc". Leave empty if the citation is not verified.',
    )
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(
        max_length=300, help_text="The official heading, or a plain description."
    )
    kind = models.CharField(max_length=20, choices=StatuteKind.choices, default=StatuteKind.SECTION)
    summary = MarkdownxField(blank=True, help_text="Markdown. What the law lets towns do.")
    official_url = models.URLField(
        "link to the official text", blank=True, help_text="Prefer the General Assembly's site."
    )
    categories = models.ManyToManyField(
        "services.ServiceCategory", blank=True, related_name="statutes"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["order", "citation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["citation"],
                condition=~models.Q(citation=""),
                name="statute_citation_unique_when_set",
                violation_error_message="Another statute already has this citation.",
            )
        ]

    def __str__(self):
        return self.citation or self.title

    def get_absolute_url(self):
        return reverse("statutes:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
