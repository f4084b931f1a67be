from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from agreements.validators import content_type_for, validate_document_file
from portal.models import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKeyManager,
)


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class GovernanceForm(models.TextChoices):
    JOINT_BOARD = "joint_board", "Joint board or commission"
    LEAD_MUNICIPALITY = "lead_municipality", "Lead-municipality contract"
    REGIONAL_ENTITY = "regional_entity", "Regional entity or authority"
    COOPERATIVE_PURCHASING = "cooperative_purchasing", "Cooperative purchasing"
    SHARED_STAFF = "shared_staff", "Shared staff or consolidated department"
    OTHER = "other", "Other"


# How many agreements a category or statute page shows before sending readers to the library.
LIST_LIMIT = 20


class AgreementQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Prefetch what a result row shows: two more queries, whatever the number of rows."""
        from services.models import ServiceCategory

        return self.prefetch_related(
            models.Prefetch("categories", queryset=ServiceCategory.objects.published()),
            models.Prefetch("parties", queryset=Party.objects.visible().select_related("body")),
        )


class Agreement(Publishable):
    """One sharing arrangement between public bodies (an interlocal agreement)."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    summary = MarkdownxField(
        blank=True, help_text="Markdown. What is shared, how, and the results."
    )
    categories = models.ManyToManyField(
        "services.ServiceCategory",
        related_name="agreements",
        verbose_name="service categories",
        help_text="One or more services this agreement covers.",
    )
    bodies = models.ManyToManyField(
        "municipalities.PublicBody", through="Party", related_name="agreements"
    )
    status = models.CharField(
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.ACTIVE,
        db_index=True,
    )
    start_date = models.DateField(null=True, blank=True, help_text="Leave empty if not known.")
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for an open-ended agreement."
    )
    governance = models.CharField(
        "governance form", max_length=30, choices=GovernanceForm.choices, blank=True
    )
    cost_sharing = models.TextField(
        "cost sharing", blank=True, help_text="How the parties split the costs, in plain words."
    )
    estimated_annual_savings = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="In US dollars. Leave empty unless a source states it.",
    )
    statutes = models.ManyToManyField(
        "statutes.Statute",
        blank=True,
        related_name="agreements",
        verbose_name="statutory authority",
    )

    objects = SlugNaturalKeyManager.from_queryset(AgreementQuerySet)()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["publication", "-start_date"]),
            models.Index(fields=["publication", "-updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})

    def get_absolute_url(self):
        return reverse("agreements:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def _visible_parties(self):
        # Uses the prefetched parties when there are (see for_listing); a query otherwise.
        return [p for p in self.parties.all() if p.body.is_published]

    @property
    def leads(self):
        return [p.body for p in self._visible_parties() if p.role == PartyRole.LEAD]

    @property
    def shared_jointly(self) -> bool:
        """No lead: the visible parties are partners who deliver the service together."""
        parties = self._visible_parties()
        return bool(parties) and all(p.role == PartyRole.PARTNER for p in parties)

    @property
    def party_bodies(self):
        return [p.body for p in self._visible_parties()]


class PartyRole(models.TextChoices):
    LEAD = "lead", "Lead / provider"
    PARTNER = "partner", "Partner (shares the service jointly)"
    RECIPIENT = "recipient", "Participant / recipient"


class PartyQuerySet(models.QuerySet):
    def visible(self):
        """Parties whose body is published; an agreement's draft partner stays hidden."""
        return self.filter(body__publication=PublicationStatus.PUBLISHED)


class PartyManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_by_natural_key(self, agreement_slug, body_slug):
        return self.get(agreement__slug=agreement_slug, body__slug=body_slug)


class Party(models.Model):
    """A body taking part in an agreement, and its role."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    body = models.ForeignKey(
        "municipalities.PublicBody",
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name="municipality or body",
    )
    role = models.CharField(max_length=12, choices=PartyRole.choices, db_index=True)

    objects = PartyManager()

    class Meta:
        ordering = ["agreement", "role", "body__name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "body"],
                name="party_once_per_agreement",
                violation_error_message="This body is already a party to the agreement.",
            )
        ]

    def __str__(self):
        return f"{self.body} ({self.get_role_display()})"

    def natural_key(self):
        return (self.agreement.slug, self.body.slug)

    natural_key.dependencies = ["agreements.agreement", "municipalities.publicbody"]


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement"
    AMENDMENT = "amendment", "Amendment"
    RESOLUTION = "resolution", "Resolution"
    MEMORANDUM = "memorandum", "Memorandum"
    TEMPLATE = "template", "Template"


def document_upload_to(instance, filename):
    return f"agreements/{instance.agreement.slug}/{Path(filename).name}"


class AgreementDocument(models.Model):
    """A file belonging to an agreement: the signed text, an amendment, a template…"""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=250)
    kind = models.CharField(
        max_length=12, choices=DocumentKind.choices, default=DocumentKind.AGREEMENT
    )
    file = models.FileField(
        upload_to=document_upload_to,
        max_length=300,
        validators=[validate_document_file],
        help_text="PDF, DOCX, DOC or ODT.",
    )
    original_filename = models.CharField(max_length=255, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", default=0, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    download_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["agreement", "kind", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Record what was uploaded while the upload is still at hand.
        if self.file and not getattr(self.file, "_committed", True):
            self.original_filename = Path(self.file.name).name
            self.size = self.file.size
            self.content_type = content_type_for(self.file.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:document", kwargs={"slug": self.agreement.slug, "pk": self.pk})

    @property
    def extension(self) -> str:
        return Path(self.original_filename or self.file.name).suffix.lstrip(".").upper()
