from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from portal.models import Publishable, PublishableQuerySet, SlugNaturalKeyManager
from sources.models import Cited


class ServiceKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", "Administrative and support services"
    COMMUNITY = "community", "Community-based services"


class ServiceCategory(Publishable, Cited):
    """A kind of service towns share, such as building inspection."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=ServiceKind.choices,
        help_text="Administrative and support services (finance, IT…) or community-based services "
        "(animal control, building inspection…).",
    )
    summary = models.CharField(max_length=300, blank=True, help_text="One plain sentence.")
    description = MarkdownxField(
        blank=True,
        help_text="Markdown. Shown on the category page. For a category the seed page does not "
        "name, say in one line why it is administrative or community-based.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "service category"
        verbose_name_plural = "service categories"
        indexes = [models.Index(fields=["kind", "order"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
