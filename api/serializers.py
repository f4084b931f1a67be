"""What the API says of each published item: the exports' fields (exports/columns.py), as JSON.

Names and values follow the exports where they fit JSON (slugs for related items, the same
choice codes, ISO dates); nested objects replace the exports' flattened text. Every related
row comes from the `published()` prefetches in api/views.py: a draft never appears nested.
"""

from django.db import models
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, AgreementDocument, GovernanceForm, Party, SavingsClaim
from contacts.models import Contact, Program
from exports import columns
from municipalities.models import PublicBody
from services.models import ServiceCategory
from statutes.models import Statute


def described(column_list) -> dict[str, str]:
    """The exports' description of each column, by name: reused where it fits JSON too."""
    return {column.name: column.description for column in column_list}


AGREEMENT = described(columns.AGREEMENTS)
BODY = described(columns.MUNICIPALITIES)
SERVICE = described(columns.SERVICES)
STATUTE = described(columns.STATUTES)
PROGRAM = described(columns.PROGRAMS)


class LocalDateTimeField(serializers.DateTimeField):
    """As the exports write it: local time to the second, with its UTC offset."""

    def to_representation(self, value):
        return timezone.localtime(value).isoformat(timespec="seconds")


def slugs(help_text):
    """The slugs of related items (prefetched: published ones only)."""
    return serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=help_text
    )


@extend_schema_field(serializers.CharField(allow_null=True))
class PublishedSlugField(serializers.Field):
    """A related body's slug; null when there is none or it is a draft (as on the page)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.slug if value.is_published else None


class ModelSerializer(serializers.ModelSerializer):
    """For output only. An address or e-mail that may be empty is described as plain text
    (an empty string is not a valid `uri` or `email`)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: serializers.CharField,
        models.EmailField: serializers.CharField,
    }


def published_meta(model, view_name, fields, help_texts):
    """The Meta of a published item's serializer: its API address first, then `fields`, then
    what every item has; all read-only, each with its meaning."""
    return type(
        "Meta",
        (),
        {
            "model": model,
            "fields": ["url", *fields, "sources", "notes", "page_url", "last_updated"],
            "read_only_fields": fields,
            "extra_kwargs": {
                "url": {
                    "view_name": view_name,
                    "lookup_field": "slug",
                    "help_text": "This item's address in the API.",
                },
                **{name: {"help_text": text} for name, text in help_texts.items()},
            },
        },
    )


class PublishedSerializer(ModelSerializer):
    """What every published item has: sources, notes, its page on the site, its last change."""

    page_url = serializers.SerializerMethodField(help_text="The item's page on this site.")
    sources = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="url",
        help_text="The addresses (URLs) of the sources cited.",
    )
    notes = serializers.CharField(source="record_notes", read_only=True, help_text=BODY["notes"])
    last_updated = LocalDateTimeField(
        source="updated_at", read_only=True, help_text=BODY["last_updated"]
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class PartySerializer(ModelSerializer):
    """A body taking part in an agreement, and its role."""

    body = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The body's slug (see /api/v1/bodies/)."
    )

    class Meta:
        model = Party
        fields = ["body", "role"]
        read_only_fields = fields
        extra_kwargs = {"role": {"help_text": "What the body does in the agreement."}}


class SavingsClaimSerializer(ModelSerializer):
    """A saving someone claimed: who said it, when, of what kind, and where."""

    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text="In US dollars.",
    )
    source = serializers.SlugRelatedField(
        slug_field="url", read_only=True, help_text="Where the claim was published (a URL)."
    )

    class Meta:
        model = SavingsClaim
        fields = ["amount", "period", "year", "kind", "stated_by", "description", "source"]
        read_only_fields = fields
        extra_kwargs = {
            "period": {"help_text": "`year`: every year; `once`: one time."},
            "year": {"help_text": "The year the claim was made or refers to."},
            "kind": {"help_text": "A projection before the change, an estimate, or an audit."},
            "stated_by": {"help_text": "Who made the claim (may be empty)."},
            "description": {"help_text": "What the figure covers (may be empty)."},
        }


class DocumentSerializer(ModelSerializer):
    """A file of an agreement, to download."""

    url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        model = AgreementDocument
        fields = ["title", "kind", "url", "content_type", "size"]
        read_only_fields = fields
        extra_kwargs = {
            "title": {"help_text": "The document's title."},
            "kind": {"help_text": "A signed agreement, an amendment, a template…"},
            "content_type": {"help_text": "The file's media type (PDF, DOCX or ODT)."},
            "size": {"help_text": "The file's size in bytes."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())


class AgreementSerializer(PublishedSerializer):
    """A published agreement: who shares what, since when, how, and on what authority."""

    categories = slugs(
        "The service categories it covers, by slug (see /api/v1/categories/; published only)."
    )
    parties = PartySerializer(
        many=True,
        read_only=True,
        help_text="The published bodies taking part, with their roles, leads first.",
    )
    # Blank when the sources do not say: a choice that may be empty.
    governance = serializers.ChoiceField(
        choices=GovernanceForm.choices,
        allow_blank=True,
        read_only=True,
        help_text="How it is governed, or empty if the sources do not say.",
    )
    statutes = slugs(
        "The laws a source cites for it, by slug (see /api/v1/statutes/; published only)."
    )
    lead = serializers.SerializerMethodField(
        help_text="The names of the bodies that lead or provide it (empty when the parties "
        "share it jointly or the lead is not known)."
    )
    savings = SavingsClaimSerializer(
        source="savings_claims",
        many=True,
        read_only=True,
        help_text="Savings someone claimed: claims, not measured facts.",
    )
    documents = DocumentSerializer(
        many=True, read_only=True, help_text="Its documents: signed agreements, amendments…"
    )

    Meta = published_meta(
        Agreement,
        "api:agreement-detail",
        [
            "slug",
            "title",
            "categories",
            "parties",
            "status",
            "start_year",
            "start_date",
            "end_year",
            "end_date",
            "governance",
            "governance_detail",
            "cost_sharing",
            "statutes",
            "legal_basis",
            "summary",
            "lead",
            "savings",
            "documents",
        ],
        {
            "slug": AGREEMENT["slug"],
            "title": AGREEMENT["title"],
            "status": "Whether it runs (`unknown`: no source says).",
            "start_year": AGREEMENT["start_year"],
            "start_date": "The day it began, only when a source gives the day.",
            "end_year": AGREEMENT["end_year"],
            "end_date": "The day it ends or ended, only when a source gives the day.",
            "governance_detail": AGREEMENT["governance_detail"],
            "cost_sharing": AGREEMENT["cost_sharing"],
            "legal_basis": AGREEMENT["legal_basis"],
            "summary": AGREEMENT["summary"],
        },
    )

    def get_lead(self, agreement) -> list[str]:
        return [body.name for body in agreement.leads]


class BodySerializer(PublishedSerializer):
    """A published town, school district, regional authority or agency."""

    parent = PublishedSlugField(help_text=BODY["parent"] + " Null otherwise.")
    cog_member = serializers.BooleanField(
        source="is_cog_member",
        read_only=True,
        help_text="Whether it is a member of the council of governments.",
    )
    agreement_count = serializers.IntegerField(
        read_only=True, help_text="How many published agreements it takes part in."
    )

    Meta = published_meta(
        PublicBody,
        "api:body-detail",
        [
            "slug",
            "name",
            "kind",
            "parent",
            "cog_member",
            "county",
            "planning_region",
            "website",
            "population",
            "agreement_count",
        ],
        {
            "slug": BODY["slug"],
            "name": BODY["name"],
            "kind": "What sort of body it is.",
            "county": "The legacy county (may be empty).",
            "planning_region": "The planning region (may be empty).",
            "website": "Its website (may be empty).",
            "population": "Its population, when a source gives it.",
        },
    )


class CategorySerializer(PublishedSerializer):
    """A published kind of service that towns share."""

    agreement_count = serializers.IntegerField(
        read_only=True, help_text="How many published agreements cover it."
    )

    Meta = published_meta(
        ServiceCategory,
        "api:category-detail",
        ["slug", "name", "kind", "summary", "description", "agreement_count"],
        {
            "slug": SERVICE["slug"],
            "name": SERVICE["name"],
            "kind": "Administrative and support services, or community-based services.",
            "summary": SERVICE["summary"],
            "description": SERVICE["description"],
        },
    )


class StatuteSerializer(PublishedSerializer):
    """A published Connecticut law that enables sharing, summarized for non-lawyers."""

    categories = slugs("The service categories it concerns, by slug (published only).")

    Meta = published_meta(
        Statute,
        "api:statute-detail",
        ["slug", "citation", "title", "kind", "chapter", "official_url", "summary", "categories"],
        {
            "slug": STATUTE["slug"],
            "citation": STATUTE["citation"],
            "title": STATUTE["title"],
            "kind": "A section, a chapter or range of sections, or a public act.",
            "chapter": STATUTE["chapter"],
            "official_url": STATUTE["official_url"],
            "summary": STATUTE["summary"],
        },
    )


class ContactSerializer(ModelSerializer):
    """A person to contact about a program; only the name is always known."""

    class Meta:
        model = Contact
        fields = ["name", "title", "organization", "email", "phone", "organization_url"]
        read_only_fields = fields
        extra_kwargs = {
            "name": {"help_text": "The person's name."},
            "title": {"help_text": "Their job title (may be empty)."},
            "organization": {"help_text": "Where they work (may be empty)."},
            "email": {"help_text": "Only when a cited source gives it (may be empty)."},
            "phone": {"help_text": "Only when a cited source gives it (may be empty)."},
            "organization_url": {
                "help_text": "The organization's page: the way to reach them when no e-mail or "
                "phone is known (may be empty)."
            },
        }


class ProgramSerializer(PublishedSerializer):
    """A published state or regional program that supports sharing."""

    administering_body = PublishedSlugField(
        help_text="The slug of the body that runs it (see /api/v1/bodies/), or null."
    )
    statutes = slugs("The laws behind it, by slug (published only).")
    contacts = ContactSerializer(
        many=True, read_only=True, help_text="The people to contact (published only)."
    )

    Meta = published_meta(
        Program,
        "api:program-detail",
        [
            "slug",
            "name",
            "acronym",
            "administering_body",
            "summary",
            "description",
            "eligibility",
            "website",
            "statutes",
            "contacts",
        ],
        {
            "slug": PROGRAM["slug"],
            "name": PROGRAM["name"],
            "acronym": PROGRAM["acronym"],
            "summary": PROGRAM["summary"],
            "description": PROGRAM["description"],
            "eligibility": PROGRAM["eligibility"],
            "website": "Its website (may be empty).",
        },
    )


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 describes it (application/problem+json)."""

    type = serializers.CharField(help_text="Always `about:blank`: the status says what it is.")
    title = serializers.CharField(help_text="The HTTP status's name, e.g. `Not Found`.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(
        required=False, help_text="What went wrong, for a person to read."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each parameter that is not valid, with what is wrong with it.",
    )
