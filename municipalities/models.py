from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from portal.models import Publishable, PublishableQuerySet, SlugNaturalKeyManager


class BodyKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Municipality (town or city)"
    SCHOOL_DISTRICT = "school_district", "Board of education / school district"
    REGIONAL_AUTHORITY = "regional_authority", "Regional authority"
    COG = "cog", "Council of governments"
    RESC = "resc", "Regional education service center"
    STATE_AGENCY = "state_agency", "State agency"
    OTHER = "other", "Other public body"


class PublicBody(Publishable):
    """A town, school district, authority or agency that can take part in an agreement."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="belongs to",
        help_text="For a board of education or school district: the town it belongs to.",
    )
    is_crcog_member = models.BooleanField(
        "CRCOG member", default=False, db_index=True, help_text="Tick for the 38 member towns."
    )
    county = models.CharField(max_length=100, blank=True, help_text="Legacy county, if known.")
    planning_region = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty unless taken from a cited source."
    )

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "municipality or public body"
        verbose_name_plural = "municipalities and public bodies"

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.pk and self._parent_chain_reaches_self():
            raise ValidationError(
                {"parent": "A body cannot belong to itself, directly or through another body."}
            )
        if self.kind == BodyKind.SCHOOL_DISTRICT and not self.parent_id:
            raise ValidationError(
                {"parent": "Choose the town this board of education or school district belongs to."}
            )

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"slug": self.slug})

    def _parent_chain_reaches_self(self) -> bool:
        """Walk up the parents (one query a step; chains are a level or two deep)."""
        seen, current = {self.pk}, self.parent_id
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = (
                PublicBody.objects.filter(pk=current).values_list("parent_id", flat=True).first()
            )
        return False

    def natural_key(self):
        return (self.slug,)
