import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from portal.models import Publishable, PublishableQuerySet, SlugNaturalKeyManager
from sources.models import Cited

# The General Assembly publishes the current statutes one chapter to a page, a section to an
# anchor: chap_098.htm#sec_7-148cc. The chapter is zero-padded to three digits, keeping any
# letter (chap_103b), so a link can only be built once the chapter is known for certain.
OFFICIAL_TEXT_URL = "https://www.cga.ct.gov/current/pub/chap_{chapter}.htm#sec_{section}"
OFFICIAL_TEXT_PATTERN = re.compile(
    r"^https://www\.cga\.ct\.gov/current/pub/chap_\d{3}[a-z]*\.htm#sec_\d+[a-z]?-\d+[a-z]*$"
)
_CHAPTER = re.compile(r"^(\d{1,3})([a-z]{0,2})$")
_SECTION = re.compile(r"§+\s*(\d+[a-z]?-\d+[a-z]*)")


def official_text_url(chapter: str, section: str) -> str:
    """The address of a section's official text, e.g. ('98', '7-148cc') → …chap_098.htm#sec_7-148cc."""
    match = _CHAPTER.match(chapter.strip().lower())
    if not match:
        raise ValueError(f"Not a chapter number: {chapter!r}")
    number, letters = match.groups()
    return OFFICIAL_TEXT_URL.format(chapter=f"{int(number):03d}{letters}", section=section)


class StatuteKind(models.TextChoices):
    SECTION = "section", "Statute section"
    CHAPTER = "chapter", "Chapter or range of sections"
    PUBLIC_ACT = "public_act", "Public act"


class Statute(Publishable, Cited):
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
    chapter = models.CharField(
        "chapter of the General Statutes",
        max_length=8,
        blank=True,
        help_text="E.g. 98 or 103b. Only when a source confirms it: the link to the official "
        "text is built from it.",
    )
    official_url = models.URLField(
        "link to the official text",
        blank=True,
        help_text="Filled in from the chapter and the citation when left empty.",
    )
    categories = models.ManyToManyField(
        "services.ServiceCategory", blank=True, related_name="statutes"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

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

    def clean(self):
        if self.chapter and not _CHAPTER.match(self.chapter.strip().lower()):
            raise ValidationError({"chapter": "Write the chapter as a number, e.g. 98 or 103b."})
        if self.chapter and not self.section:
            raise ValidationError(
                {"chapter": "A chapter needs a citation with a section, e.g. 'CGS § 7-148cc'."}
            )

    def save(self, *args, **kwargs):
        self.chapter = self.chapter.strip().lower()
        # A link in the General Assembly's pattern is ours to keep in step with the chapter and
        # citation (or to drop when the chapter is no longer confirmed); any other is staff's.
        if not self.official_url or OFFICIAL_TEXT_PATTERN.match(self.official_url):
            confirmed = self.chapter and self.section and _CHAPTER.match(self.chapter)
            self.official_url = official_text_url(self.chapter, self.section) if confirmed else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statutes:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def section(self) -> str:
        """The first section the citation names ('7-333' for '§§ 7-333 to 7-339'), or ''."""
        match = _SECTION.search(self.citation)
        return match.group(1) if match else ""

    @property
    def missing_link_reason(self) -> str:
        """Why there is no link to the official text, in words a reader understands."""
        if self.official_url:
            return ""
        if not self.citation:
            return (
                "We have not yet identified which law this is, so there is no official text to "
                "link to."
            )
        if not self.chapter:
            return (
                "The General Assembly's site files each section under its chapter, and no source "
                "we could check confirms which chapter holds this one, so we do not link a guess."
            )
        return "No link to the official text has been recorded."
