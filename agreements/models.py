import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from agreements.validators import content_type_for, validate_document_file
from portal.models import (
    YEAR_VALIDATORS,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKeyManager,
)
from search.extract import TextStatus, extract_text
from sources.models import Cited


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    ENDED = "ended", "Ended"
    # Most sources describe an arrangement without saying whether it still runs.
    UNKNOWN = "unknown", "Status not known"


class GovernanceForm(models.TextChoices):
    JOINT_BOARD = "joint_board", "Joint board or commission"
    LEAD_MUNICIPALITY = "lead_municipality", "Lead-municipality contract"
    REGIONAL_ENTITY = "regional_entity", "Regional entity or authority"
    COOPERATIVE_PURCHASING = "cooperative_purchasing", "Cooperative purchasing"
    SHARED_STAFF = "shared_staff", "Shared staff or consolidated department"
    TASK_FORCE = "task_force", "Multi-town task force or consortium"
    MUTUAL_AID = "mutual_aid", "Mutual aid or assistance agreement"
    SERVICE_CONTRACT = "service_contract", "Service contract or memorandum of understanding"
    OTHER = "other", "Other"


YEAR_HELP = "A four-digit year. Sources often give only the year: never invent a day."


# How many agreements a category or statute page shows before sending readers to the library.
LIST_LIMIT = 20

# Paths under /agreements/ that are tools, not agreements: no agreement may take these slugs.
RESERVED_SLUGS = frozenset({"compare", "draft", "filters"})


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            f"“{slug}” is the address of one of the portal's tools; choose another slug, "
            f"e.g. “{slug}-agreement”.",
            code="reserved",
        )


# Unknown starts sort last both ways, the same on SQLite and PostgreSQL.
NEWEST_FIRST = [
    F("start_year").desc(nulls_last=True),
    F("start_date").desc(nulls_last=True),
    "title",
    "pk",
]
OLDEST_FIRST = [
    F("start_year").asc(nulls_last=True),
    F("start_date").asc(nulls_last=True),
    "title",
    "pk",
]


class AgreementQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)

    def for_listing(self):
        """Prefetch what a result row shows: two more queries, whatever the number of rows."""
        from services.models import ServiceCategory

        return self.prefetch_related(
            models.Prefetch("categories", queryset=ServiceCategory.objects.published()),
            models.Prefetch("parties", queryset=Party.objects.visible().select_related("body")),
        ).annotate(document_count=_document_count())

    def for_detail(self):
        """Prefetch everything an agreement's page (or a comparison column) shows."""
        from services.models import ServiceCategory
        from statutes.models import Statute

        return self.prefetch_related(
            models.Prefetch("categories", queryset=ServiceCategory.objects.published()),
            models.Prefetch(
                "parties",
                queryset=Party.objects.visible()
                .select_related("body")
                .order_by("role", "body__name"),
            ),
            models.Prefetch("statutes", queryset=Statute.objects.published()),
            models.Prefetch(
                "documents", queryset=AgreementDocument.objects.order_by("kind", "title")
            ),
            models.Prefetch(
                "savings_claims", queryset=SavingsClaim.objects.select_related("source")
            ),
            "sources",
        )


def _document_count():
    """How many documents an agreement has, as a correlated subquery (no join, no GROUP BY)."""
    documents = (
        AgreementDocument.objects.filter(agreement=models.OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(documents), 0)


class Agreement(Publishable, Cited):
    """One sharing arrangement between public bodies (an interlocal agreement)."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        blank=True,
        validators=[validate_not_reserved],
        help_text="The page's address. Leave empty to make it from the title.",
    )
    summary = MarkdownxField(
        blank=True, help_text="Markdown. What is shared, how, and the results."
    )
    categories = models.ManyToManyField(
        "services.ServiceCategory",
        related_name="agreements",
        blank=True,
        verbose_name="service categories",
        help_text="One or more services this agreement covers (needed to publish).",
    )
    bodies = models.ManyToManyField(
        "municipalities.PublicBody", through="Party", related_name="agreements"
    )
    status = models.CharField(
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.UNKNOWN,
        db_index=True,
        help_text="Choose 'Status not known' unless a source says; note in the notes when a "
        "source is dated (e.g. 'active as reported in 2014').",
    )
    start_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=f"{YEAR_HELP} Leave empty if not known.",
    )
    start_date = models.DateField(
        "exact start date",
        null=True,
        blank=True,
        help_text="Only if a source gives the day; the start year is then taken from it.",
    )
    end_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=f"{YEAR_HELP} Leave empty for an open-ended agreement.",
    )
    end_date = models.DateField(
        "exact end date",
        null=True,
        blank=True,
        help_text="Only if a source gives the day; the end year is then taken from it.",
    )
    review_due = models.DateField(
        "renewal or review due",
        null=True,
        blank=True,
        db_index=True,
        help_text="When the parties must next renew or review it, if a source or the agreement "
        "says. The staff dashboard lists what falls due in the next 90 days.",
    )
    governance = models.CharField(
        "governance form",
        max_length=30,
        choices=GovernanceForm.choices,
        blank=True,
        help_text="Leave empty if the sources do not say.",
    )
    governance_detail = models.CharField(
        "governance in a few words",
        max_length=200,
        blank=True,
        help_text="Optional detail, e.g. 'a three-member board, one appointee per town'.",
    )
    cost_sharing = models.TextField(
        "cost sharing", blank=True, help_text="How the parties split the costs, in plain words."
    )
    statutes = models.ManyToManyField(
        "statutes.Statute",
        blank=True,
        related_name="agreements",
        verbose_name="statutory authority",
        help_text="Only the laws a source cites for this arrangement.",
    )
    legal_basis = models.CharField(
        "legal basis as the sources state it",
        max_length=300,
        blank=True,
        help_text="E.g. 'Special Act No. 511 of 1929 (the district's charter)'. Plain text.",
    )

    objects = SlugNaturalKeyManager.from_queryset(AgreementQuerySet)()

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["publication", "-start_year"]),
            models.Index(fields=["publication", "-updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="agreement_end_year_not_before_start",
                violation_error_message="The end year cannot be before the start year.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(start_year__isnull=True) | Q(start_year__gte=1600, start_year__lte=2999)
                )
                & (Q(end_year__isnull=True) | Q(end_year__gte=1600, end_year__lte=2999)),
                name="agreement_years_plausible",
                violation_error_message="Years must be four-digit years.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # An exact date, when a source gives one, decides the year shown, sorted and filtered on.
        for date_field, year_field in (("start_date", "start_year"), ("end_date", "end_year")):
            date = self._meta.get_field(date_field).to_python(getattr(self, date_field))
            setattr(self, date_field, date)
            if date:
                setattr(self, year_field, date.year)
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    @property
    def term_end(self):
        """The day the term ends: the exact date, else the last day of the end year, else None."""
        if self.end_date:
            return self.end_date
        return datetime.date(self.end_year, 12, 31) if self.end_year else None

    @property
    def review_is_overdue(self) -> bool:
        return bool(self.review_due) and self.review_due < timezone.localdate()

    @property
    def term_is_over(self) -> bool:
        return bool(self.term_end) and self.term_end < timezone.localdate()

    def _free_slug(self) -> str:
        """A slug from the title, numbered if taken (a draft may be saved before anyone types one)."""
        base = slugify(self.title)[:240].strip("-") or "agreement"
        if base in RESERVED_SLUGS:
            base = f"{base}-agreement"
        taken = set(
            Agreement._base_manager.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def publication_problems(self) -> list[str]:
        """A published agreement names its services, its parties and who leads, and a source."""
        if not self.pk:
            return []
        # What the public page would show: drafts among them do not count.
        problems = []
        if not any(category.is_published for category in self.categories.all()):
            problems.append("choose at least one published service category")
        parties = [party for party in self.parties.all() if party.body.is_published]
        if not parties:
            problems.append("add at least one party whose body is published")
        elif not any(p.role in (PartyRole.LEAD, PartyRole.PARTNER) for p in parties):
            problems.append("say who leads, or mark the parties as partners who share it jointly")
        if not self.sources.all():
            problems.append("cite at least one source")
        return problems

    def warnings(self) -> list[str]:
        """What is allowed but probably a mistake: said to staff when they save."""
        found = []
        leads = list(self.parties.filter(role=PartyRole.LEAD).values_list("body__name", flat=True))
        if len(leads) > 1:
            found.append(
                f"{len(leads)} parties lead it ({', '.join(sorted(leads))}). If some only "
                "receive the service, make them recipients; if they share it, partners."
            )
        same_title = Agreement._base_manager.filter(title__iexact=self.title).exclude(pk=self.pk)
        for other in same_title[:3]:
            found.append(f"Another agreement has the same title: “{other.title}” ({other.slug}).")
        return found

    def clean(self):
        errors = {}
        for date_field, year_field in (("start_date", "start_year"), ("end_date", "end_year")):
            date, year = getattr(self, date_field), getattr(self, year_field)
            if date and year and date.year != year:
                errors[year_field] = f"The year does not match the {date_field.split('_')[0]} date."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        start = self.start_date.year if self.start_date else self.start_year
        end = self.end_date.year if self.end_date else self.end_year
        if start and end and end < start and "end_date" not in errors:
            errors["end_year"] = "The end year cannot be before the start year."
        if errors:
            raise ValidationError(errors)

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


class SavingsKind(models.TextChoices):
    PROJECTED = "projected", "Projected (before the change)"
    ESTIMATED = "estimated", "Estimated"
    AUDITED = "audited", "Reported by an audit"


class SavingsPeriod(models.TextChoices):
    YEAR = "year", "a year"
    ONCE = "once", "once"


class SavingsClaim(models.Model):
    """A saving someone claimed for an agreement: who said it, when, of what kind, and where.

    Never a bare fact: a reader sees "Projected by Vernon's sewer director in 2013: $31,000 a
    year", with the source, so a projection is never taken for a measured result.
    """

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="savings_claims"
    )
    amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, "Savings cannot be negative.")],
        help_text="In US dollars; never negative.",
    )
    period = models.CharField(
        max_length=4, choices=SavingsPeriod.choices, default=SavingsPeriod.YEAR
    )
    year = models.PositiveSmallIntegerField(
        validators=YEAR_VALIDATORS, help_text="The year the claim was made or refers to."
    )
    kind = models.CharField(
        max_length=10,
        choices=SavingsKind.choices,
        help_text="A projection made before the change is not a measured result: say which.",
    )
    stated_by = models.CharField(
        max_length=200, blank=True, help_text="Who made the claim, e.g. 'Vernon's WPCA director'."
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the figure covers, e.g. 'for Coventry, in the district's first year'.",
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="savings_claims",
        help_text="Where the claim was published. Required.",
    )

    class Meta:
        ordering = ["agreement", "year", "pk"]
        verbose_name = "savings claim"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="savings_claim_amount_not_negative",
                violation_error_message="Savings cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1600, year__lte=2999),
                name="savings_claim_year_plausible",
                violation_error_message="The year must be a four-digit year.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: ${self.amount:,.0f} {self.get_period_display()}"

    @property
    def verb(self) -> str:
        """How the claim reads on the page: 'Projected by …', 'Reported by an audit by …'."""
        return {
            SavingsKind.PROJECTED: "Projected",
            SavingsKind.ESTIMATED: "Estimated",
            SavingsKind.AUDITED: "Reported in an audit",
        }[self.kind]


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
        help_text="PDF, DOCX or ODT.",
    )
    original_filename = models.CharField(max_length=255, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", default=0, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    download_count = models.PositiveIntegerField(default=0, editable=False)
    # The file's words, searched with the agreement (lowest weight); see search.extract.
    text = models.TextField(blank=True, editable=False)
    text_status = models.CharField(
        "text for search",
        max_length=12,
        choices=TextStatus.choices,
        blank=True,
        default=TextStatus.PENDING,
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["text", "text_status", "download_count"])

    class Meta:
        ordering = ["agreement", "kind", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Record what was uploaded, and read its text, while the upload is still at hand.
        if self.file and not getattr(self.file, "_committed", True):
            self.original_filename = Path(self.file.name).name
            self.size = self.file.size
            self.content_type = content_type_for(self.file.name)
            self._set_text(extract_text(self.file.file, self.file.name))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:document", kwargs={"slug": self.agreement.slug, "pk": self.pk})

    def extract_text(self) -> str:
        """Read the stored file's text again (e.g. for `rebuild_search_index`); the status."""
        try:
            with self.file.open("rb") as handle:
                self._set_text(extract_text(handle, self.file.name))
        except (OSError, ValueError):
            self._set_text(None)
        return self.text_status

    def _set_text(self, extraction):
        self.text = extraction.text if extraction else ""
        self.text_status = extraction.status if extraction else TextStatus.UNREADABLE

    @property
    def has_no_text_layer(self) -> bool:
        return self.text_status == TextStatus.NO_TEXT

    @property
    def extension(self) -> str:
        return Path(self.original_filename or self.file.name).suffix.lstrip(".").upper()


class DownloadVisit(models.Model):
    """That some client downloaded a document today: counted once per client, document and day.

    Nothing personal is kept: `client` is an HMAC of the address (its /64 network for IPv6)
    under a random key of the day (DownloadKey), deleted with the day's visits, so no row can
    be traced back to an address once the day is over, nor linked to another day's.
    """

    document = models.ForeignKey(AgreementDocument, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    client = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "day", "client"], name="download_visit_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.document_id} on {self.day}"


class DownloadKey(models.Model):
    """The random key of one day's download counting (see DownloadVisit); never kept longer."""

    day = models.DateField(unique=True)
    key = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class FacetKey(models.Model):
    """One facet value of one published agreement (a party, a kind of party, a category, a
    statute, status with documents), kept by agreements.facets at commit. Not a foreign key:
    a deleted agreement's values must outlive it until they are subtracted from the counts."""

    agreement_id = models.PositiveBigIntegerField()
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement_id", "facet", "value"], name="facetkey_once")
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.facet}={self.value}"


class FacetCount(models.Model):
    """How many published agreements have a facet value: the library's counts when no other
    filter applies, read in one small query whatever the number of agreements."""

    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=40)
    n = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "value"], name="facetcount_once")]

    def __str__(self):
        return f"{self.facet}={self.value}: {self.n}"


class FacetPair(models.Model):
    """How many published agreements have both a value and another facet's value (e.g. a
    category and a town), kept by agreements.facets at commit: the library's counts under
    one filter value, a category's busiest bodies and a town's services, read by index."""

    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=40)
    other_facet = models.CharField(max_length=10)
    other_value = models.CharField(max_length=40)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facet", "value", "other_facet", "other_value"], name="facetpair_once"
            )
        ]

    def __str__(self):
        return f"{self.facet}={self.value} & {self.other_facet}={self.other_value}: {self.n}"
