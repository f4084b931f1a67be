from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from portal.models import YEAR_VALIDATORS, Publishable, PublishableQuerySet, SlugNaturalKeyManager
from sources.models import Cited


class Program(Publishable, Cited):
    """A state or regional program that supports sharing, such as RPIP or CRPC."""

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    administering_body = models.ForeignKey(
        "municipalities.PublicBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
    )
    summary = models.CharField(max_length=300, blank=True, help_text="One plain sentence.")
    description = MarkdownxField(blank=True, help_text="Markdown.")
    eligibility = models.TextField(blank=True, help_text="Who may apply or join.")
    website = models.URLField(blank=True)
    statutes = models.ManyToManyField("statutes.Statute", blank=True, related_name="programs")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("contacts:program", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Contact(Publishable, Cited):
    """A person to call about a program. Only the name is required: never guess the rest."""

    previewable = False  # shown only within its program's page, once published

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField("job title", max_length=200, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Only if a cited source gives it.")
    phone = models.CharField(
        max_length=40, blank=True, help_text="Only if a cited source gives it."
    )
    organization_url = models.URLField(
        "organization's main page",
        blank=True,
        help_text="Shown as the way to reach them when no e-mail or phone is verified.",
    )
    programs = models.ManyToManyField(Program, blank=True, related_name="contacts")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts:list") + f"#contact-{self.slug}"

    def natural_key(self):
        return (self.slug,)

    @property
    def is_reachable(self) -> bool:
        return bool(self.email or self.phone)


class Resource(Publishable):
    """Further reading, such as another state's guide to shared services."""

    previewable = False  # listed on the programs page, once published

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        "year published",
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Leave empty if the guide is undated.",
    )
    url = models.URLField("address (URL)", max_length=500)
    note = models.TextField(blank=True, help_text="Why it is useful, or a caveat for readers.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contacts:list") + f"#resource-{self.slug}"

    def natural_key(self):
        return (self.slug,)
