from django.core.exceptions import ValidationError
from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from drafting.placeholders import PLACEHOLDERS, placeholder_problems
from portal.models import Publishable, PublishableQuerySet


class Topic(models.TextChoices):
    """The articles of a draft, in the order a draft shows them."""

    PARTIES = "parties", "Parties and purpose"
    TERM = "term", "Term and renewal"
    GOVERNANCE = "governance", "Governance"
    COSTS = "costs", "Cost allocation"
    RECORDS = "records", "Records and audit"
    REVIEW = "review", "Periodic review"
    INSURANCE = "insurance", "Insurance and indemnification"
    DISPUTES = "disputes", "Dispute resolution"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    AMENDMENT = "amendment", "Amendment"
    TERMINATION = "termination", "Termination"
    GENERAL = "general", "General provisions"
    RATIFICATION = "ratification", "Ratification and effective date"


TOPIC_ORDER = {value: index for index, value in enumerate(Topic.values)}

# What an official chooses on the form, topic by topic. Values are unique across topics so that
# a clause's option alone says which choice it serves. Topics missing here have no options: all
# their published clauses go into every draft.
TOPIC_OPTIONS: dict[str, list[tuple[str, str]]] = {
    Topic.PARTIES: [
        ("lead", "One party leads and provides the service to the others"),
        ("joint", "No lead: the parties deliver it jointly"),
    ],
    Topic.TERM: [
        ("no_renewal", "No renewal: the agreement ends with its term unless amended"),
        ("automatic_renewal", "Automatic renewal for the same term, unless a party gives notice"),
        ("renewal_by_agreement", "Renewal only by written agreement of all the parties"),
    ],
    Topic.GOVERNANCE: [
        ("joint_board", "Joint board: one member appointed by each party"),
        ("lead_town", "Lead-town contract: the lead runs the service for the others"),
        ("advisory_board", "Interlocal advisory board: advises, each party decides for itself"),
        ("officials_committee", "Committee of the parties' chief executive officers"),
    ],
    Topic.COSTS: [
        ("per_capita", "Per capita: by population"),
        ("per_use", "Per use: by how much each party uses the service"),
        ("fixed_shares", "Fixed shares: a percentage for each party"),
        ("host_bills", "Host pays and bills the others"),
        ("equal_shares", "Equal shares"),
    ],
    Topic.RECORDS: [
        ("administrator_keeps", "The lead (or board) keeps the service's records and accounts"),
        ("each_keeps", "Each party keeps the records of its own part"),
    ],
    Topic.REVIEW: [
        ("no_review", "No scheduled review"),
        ("periodic_review", "A review every few years"),
    ],
    Topic.INSURANCE: [
        ("own_acts", "Each party insures and answers for its own acts"),
        ("lead_insures", "The lead insures the service; premiums are shared costs"),
    ],
    Topic.DISPUTES: [
        ("negotiation_mediation", "Negotiation, then mediation"),
        ("arbitration", "Negotiation, then binding arbitration"),
        ("court", "Negotiation, then the Connecticut Superior Court"),
    ],
    Topic.AMENDMENT: [
        ("amend_by_legislative_bodies", "Every amendment approved as the agreement was"),
        ("amend_schedules_by_officials", "Schedules updated by the chief executive officers"),
    ],
    Topic.TERMINATION: [
        ("terminate_by_agreement", "By written agreement of all the parties"),
        ("terminate_for_breach", "By agreement, or ending a party's part for an uncured breach"),
    ],
}
OPTION_TOPIC = {value: topic for topic, options in TOPIC_OPTIONS.items() for value, _ in options}
OPTION_CHOICES = [
    (Topic(topic).label, options) for topic, options in TOPIC_OPTIONS.items()
]  # grouped by topic in the admin's select


class ClauseQuerySet(PublishableQuerySet):
    def for_options(self, options):
        """Published clauses for these chosen option values, plus every topic's always-used
        ones, with their statutes: one query."""
        return (
            self.published()
            .filter(models.Q(option="") | models.Q(option__in=list(options)))
            .select_related("statute")
        )


class Clause(Publishable):
    """A clause of the draft-agreement builder's library, with guidance for the official."""

    topic = models.CharField(max_length=20, choices=Topic.choices, db_index=True)
    option = models.CharField(
        max_length=40,
        blank=True,
        choices=OPTION_CHOICES,
        help_text="Leave empty for a clause every draft uses for this topic; otherwise the "
        "choice on the builder's form that brings this clause in. It must be one of the "
        "topic's choices.",
    )
    title = models.CharField(max_length=200, help_text="Shown as the clause's heading.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="A stable name for the clause; the starter clauses are matched by it.",
    )
    text = MarkdownxField(
        help_text="Markdown, in plain drafting English. Curly braces insert what the official "
        "chose: "
        + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        + ". Write {{ or }} for a literal brace.",
    )
    guidance = MarkdownxField(
        blank=True,
        help_text="Markdown. Shown beside the clause to the official: why it is there, what to "
        "decide, which law it answers to. Never claim a requirement a source does not support.",
    )
    statute = models.ForeignKey(
        "statutes.Statute",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clauses",
        help_text="The statute in the portal this clause answers to, if it has a page.",
    )
    citation = models.CharField(
        max_length=200,
        blank=True,
        help_text='Plain-text citations, e.g. "CGS § 7-339k", also for laws without a page here.',
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first within the topic."
    )

    objects = ClauseQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "order", "title"]
        indexes = [models.Index(fields=["publication", "option"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.option and OPTION_TOPIC.get(self.option) != self.topic:
            allowed = ", ".join(value for value, _ in TOPIC_OPTIONS.get(self.topic, []))
            errors["option"] = f"“{self.option}” is not a choice of this topic. " + (
                f"Its choices are: {allowed}." if allowed else "This topic has no choices."
            )
        problem = placeholder_problems(self.text or "")
        if problem:
            errors["text"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def sort_key(self):
        return (TOPIC_ORDER.get(self.topic, len(TOPIC_ORDER)), self.order, self.title, self.pk or 0)
