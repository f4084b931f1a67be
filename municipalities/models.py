from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portal.models import (
    YEAR_VALIDATORS,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKeyManager,
)
from sources.models import Cited


class BodyKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Municipality (town or city)"
    SCHOOL_DISTRICT = "school_district", "Board of education / school district"
    REGIONAL_SCHOOL_DISTRICT = "regional_school_district", "Regional school district"
    REGIONAL_AUTHORITY = "regional_authority", "Regional district or authority"
    COG = "cog", "Council of governments"
    RESC = "resc", "Regional education service center"
    STATE_AGENCY = "state_agency", "State agency"
    OTHER = "other", "Other public body"


class PublicBody(Publishable, Cited):
    """A town, school district, authority or agency that can take part in an agreement."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=BodyKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="belongs to",
        help_text="For a town's board of education or school district: the town it belongs to. "
        "Regional districts have members instead (below).",
    )
    # Named for any region: the council's name comes from settings (COG_NAME).
    is_cog_member = models.BooleanField(
        "member of the council of governments",
        default=False,
        db_index=True,
        help_text="Tick for the council's member towns only. Towns outside the region, and "
        "districts or boards of education, stay unticked.",
    )
    county = models.CharField(max_length=100, blank=True, help_text="Legacy county, if known.")
    planning_region = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty unless taken from a cited source."
    )

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

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


class MembershipQuerySet(models.QuerySet):
    def visible(self):
        """Memberships whose both ends are published."""
        published = PublicationStatus.PUBLISHED
        return self.filter(body__publication=published, member__publication=published)


class Membership(models.Model):
    """A town's membership of a regional body, such as a health district or the MDC."""

    body = models.ForeignKey(
        PublicBody,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="regional body",
        help_text="The district, authority or council the member belongs to.",
    )
    member = models.ForeignKey(
        PublicBody,
        on_delete=models.PROTECT,
        related_name="member_of",
        help_text="Usually a town.",
    )
    joined_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="A four-digit year. Leave empty unless a source gives it.",
    )
    left_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Only for a former member.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Optional, shown publicly.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "member"],
                name="membership_once",
                violation_error_message="This body is already recorded as a member.",
            ),
            models.CheckConstraint(
                condition=~models.Q(body=models.F("member")),
                name="membership_not_of_itself",
                violation_error_message="A body cannot be a member of itself.",
            ),
            models.CheckConstraint(
                condition=models.Q(left_year__isnull=True)
                | models.Q(joined_year__isnull=True)
                | models.Q(left_year__gte=models.F("joined_year")),
                name="membership_left_not_before_joined",
                violation_error_message="The year it left cannot be before the year it joined.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(joined_year__isnull=True)
                    | models.Q(joined_year__gte=1600, joined_year__lte=2999)
                )
                & (
                    models.Q(left_year__isnull=True)
                    | models.Q(left_year__gte=1600, left_year__lte=2999)
                ),
                name="membership_years_plausible",
                violation_error_message="Years must be four-digit years.",
            ),
        ]

    def __str__(self):
        return f"{self.member} in {self.body}"

    @property
    def is_current(self) -> bool:
        return self.left_year is None

    @property
    def years(self) -> str:
        """'since 1997', '2008–2016', 'until 2016' or ''."""
        if self.left_year:
            return (
                f"{self.joined_year}–{self.left_year}"
                if self.joined_year
                else f"until {self.left_year}"
            )
        return f"since {self.joined_year}" if self.joined_year else ""
