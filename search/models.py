import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models

from search.fulltext import FullTextIndex


class Document(models.Model):
    """The searchable text of one object of a registered kind (see search.registry).

    Written only by search.indexing, never by staff. The text is split by weight: `title` ranks
    above `summary`, which ranks above `body` (names of related things, details), which ranks
    above `extra` (text extracted from uploaded files). `public` says whether the public may find
    the object; it is set from the kind's `published()` queryset each time the object is indexed,
    and results are read back through `published()` as well.

    The database keeps the full-text index itself (FULLTEXT below, created by the migration
    operation search.operations.CreateFullTextIndex and watched by the system check search.E001).
    """

    FULLTEXT = FullTextIndex(
        table="search_document",
        columns=(("title", "A"), ("summary", "B"), ("body", "C"), ("extra", "D")),
    )

    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    public = models.BooleanField(default=False)
    title = models.CharField(max_length=400)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)
    # PostgreSQL only (a trigger keeps it current); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "search_document"
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]
        indexes = [models.Index(fields=["public", "kind"], name="search_document_public")]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class Word(models.Model):
    """A word the public can find, for "did you mean" suggestions (see search.engine)."""

    word = models.CharField(max_length=40, unique=True)

    class Meta:
        db_table = "search_word"

    def __str__(self):
        return self.word


_TERM = re.compile(r"^[\w' -]+$")


def normalize_term(text: str) -> str:
    """Lower case, single spaces: how terms are stored and looked up."""
    return " ".join(text.lower().split())


class Synonym(models.Model):
    """A word residents use, and what the portal calls it: "trash" also searches "solid waste"."""

    term = models.CharField(
        "when someone searches for",
        max_length=60,
        unique=True,
        help_text='A word or short phrase residents use, e.g. "trash" or "dog warden".',
    )
    meaning = models.CharField(
        "also search for",
        max_length=200,
        help_text='The words the portal uses, e.g. "solid waste". Separate alternatives with '
        'commas: "police, law enforcement".',
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, for other staff.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.meaning}"

    def save(self, *args, **kwargs):
        self.term = normalize_term(self.term)
        self.meaning = ", ".join(self.alternatives)
        super().save(*args, **kwargs)

    def clean(self):
        self.term = normalize_term(self.term)
        errors = {}
        if self.term and not _TERM.match(self.term):
            errors["term"] = "Use letters, digits, spaces, hyphens and apostrophes only."
        if not self.alternatives:
            errors["meaning"] = "Give at least one word or phrase to search for."
        elif any(not _TERM.match(alternative) for alternative in self.alternatives):
            errors["meaning"] = "Use letters, digits, spaces, hyphens and apostrophes only."
        elif self.term in self.alternatives:
            errors["meaning"] = "A word cannot be its own synonym."
        if errors:
            raise ValidationError(errors)

    @property
    def alternatives(self) -> list[str]:
        return [normalize_term(part) for part in self.meaning.split(",") if part.strip()]
