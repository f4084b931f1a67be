import re

from django import forms

from agreements.models import GovernanceForm
from drafting.drafts import (
    MUNICIPAL_SIGNATORY,
    OTHER_SIGNATORY,
    UNKNOWN_SIGNATORY,
    Choices,
    Draft,
    DraftParty,
)
from drafting.models import TOPIC_OPTIONS, Clause, Topic
from municipalities.models import BodyKind, PublicBody
from services.models import ServiceCategory

MAX_NAME = 200  # as long as PublicBody.name
MAX_OTHER_PARTIES = 30
MAX_PARTIES = 80
TERM_YEARS = (1, 50)
NOTICE_MONTHS = (1, 60)
REVIEW_YEARS = (1, 20)
NO_LEAD_LABEL = "No lead: the parties deliver it jointly"

# Options that only make sense with a lead, and what the error says.
NEEDS_LEAD = {
    "governance": ("lead_town", "A lead-town contract needs a lead"),
    "cost_method": ("host_bills", "“Host pays and bills the others” needs a lead to be the host"),
    "insurance": ("lead_insures", "“The lead insures the service” needs a lead"),
}
# An agreement's recorded governance form, as the builder's nearest option (where one is).
GOVERNANCE_FROM_AGREEMENT = {
    GovernanceForm.JOINT_BOARD: "joint_board",
    GovernanceForm.LEAD_MUNICIPALITY: "lead_town",
    GovernanceForm.SERVICE_CONTRACT: "lead_town",
    GovernanceForm.SHARED_STAFF: "lead_town",
    GovernanceForm.TASK_FORCE: "officials_committee",
}

# Word files are XML 1.0: control characters (other than tab and newline) cannot be written.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def strip_control(value: str, *, newlines=False) -> str:
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value if newlines else value.replace("\n", " ").replace("\t", " ")


class PlainTextField(forms.CharField):
    """Text without control characters (the Word file could not hold them)."""

    def to_python(self, value):
        return strip_control(super().to_python(value), newlines=self._newlines).strip()

    def bound_data(self, data, initial):
        # The form shown again after an error shows the text as it will be used.
        return strip_control(data, newlines=self._newlines) if isinstance(data, str) else data

    @property
    def _newlines(self) -> bool:
        return isinstance(self.widget, forms.Textarea)


def _options(topic):
    return TOPIC_OPTIONS[topic]


class DraftForm(forms.Form):
    """The builder's choices. Bodies and services are read once, whatever their number."""

    service = forms.ChoiceField(
        label="Service", error_messages={"required": "Choose the service the agreement is for."}
    )
    parties = forms.MultipleChoiceField(
        label="Parties listed in the portal",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every town or body that will sign.",
    )
    other_parties = PlainTextField(
        label="Other parties, one per line",
        required=False,
        max_length=MAX_OTHER_PARTIES * (MAX_NAME + 1),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For bodies not in the list: their full names, at most {MAX_NAME} characters "
        "each.",
    )
    lead = forms.ChoiceField(
        label="Who leads",
        required=False,
        help_text="The lead must be one of the parties ticked above.",
    )
    term_years = forms.IntegerField(
        label="Term, in years",
        min_value=TERM_YEARS[0],
        max_value=TERM_YEARS[1],
        initial=5,
        error_messages={"required": "Give the term in years."},
    )
    renewal = forms.ChoiceField(
        label="Renewal",
        choices=_options(Topic.TERM),
        initial="automatic_renewal",
        widget=forms.RadioSelect,
    )
    governance = forms.ChoiceField(
        label="Governance",
        choices=_options(Topic.GOVERNANCE),
        initial="joint_board",
        widget=forms.RadioSelect,
    )
    cost_method = forms.ChoiceField(
        label="How the costs are shared",
        choices=_options(Topic.COSTS),
        initial="per_capita",
        widget=forms.RadioSelect,
    )
    records = forms.ChoiceField(
        label="Records and accounts",
        choices=_options(Topic.RECORDS),
        initial="administrator_keeps",
        widget=forms.RadioSelect,
    )
    review = forms.ChoiceField(
        label="Periodic review",
        choices=_options(Topic.REVIEW),
        initial="no_review",
        widget=forms.RadioSelect,
        help_text="Not required by law since 2011; many parties choose one anyway.",
    )
    review_years = forms.IntegerField(
        label="Review every, in years",
        required=False,
        min_value=REVIEW_YEARS[0],
        max_value=REVIEW_YEARS[1],
        help_text="Only for a review every few years.",
    )
    insurance = forms.ChoiceField(
        label="Insurance and indemnification",
        choices=_options(Topic.INSURANCE),
        initial="own_acts",
        widget=forms.RadioSelect,
    )
    disputes = forms.ChoiceField(
        label="Dispute resolution",
        choices=_options(Topic.DISPUTES),
        initial="negotiation_mediation",
        widget=forms.RadioSelect,
    )
    notice_months = forms.IntegerField(
        label="Notice to withdraw, in months",
        min_value=NOTICE_MONTHS[0],
        max_value=NOTICE_MONTHS[1],
        initial=12,
        error_messages={"required": "Give the notice period in months."},
    )
    amendment = forms.ChoiceField(
        label="Amendment",
        choices=_options(Topic.AMENDMENT),
        initial="amend_by_legislative_bodies",
        widget=forms.RadioSelect,
    )
    termination = forms.ChoiceField(
        label="Termination",
        choices=_options(Topic.TERMINATION),
        initial="terminate_by_agreement",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {
            body.slug: body
            for body in PublicBody.objects.published().only("slug", "name", "kind").order_by("name")
        }
        self.services = {
            category.slug: category
            for category in ServiceCategory.objects.published().only("slug", "name")
        }
        body_choices = [(slug, body.name) for slug, body in self.bodies.items()]
        self.fields["service"].choices = [("", "Choose a service"), *(
            (slug, category.name) for slug, category in self.services.items()
        )]  # fmt: skip
        self.fields["parties"].choices = body_choices
        self.fields["lead"].choices = [("", NO_LEAD_LABEL), *body_choices]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-hint"

    def full_clean(self):
        super().full_clean()
        # Fields in error say so to assistive technology, and point at their message.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()

    def clean_other_parties(self):
        names, errors = [], []
        for number, line in enumerate(self.cleaned_data["other_parties"].split("\n"), 1):
            name = " ".join(line.split())
            if not name:
                continue
            if len(name) > MAX_NAME:
                errors.append(f"Line {number} is longer than {MAX_NAME} characters.")
            elif name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if len(names) > MAX_OTHER_PARTIES:
            errors.append(f"List at most {MAX_OTHER_PARTIES} other parties.")
        if errors:
            raise forms.ValidationError(errors)
        return names

    def clean(self):
        data = super().clean()
        chosen = [self.bodies[slug] for slug in data.get("parties", [])]
        known = {body.name.casefold() for body in chosen}
        others = [name for name in data.get("other_parties", []) if name.casefold() not in known]
        if "parties" in data and "other_parties" in data:
            count = len(chosen) + len(others)
            if count < 2:
                self.add_error(
                    "parties",
                    "Choose at least two parties: tick them in the list, or type their names "
                    "under “Other parties”.",
                )
            elif count > MAX_PARTIES:
                self.add_error(
                    "parties", f"An agreement here can have at most {MAX_PARTIES} parties."
                )
        lead = data.get("lead")
        if lead and "parties" in data and lead not in data["parties"]:
            self.add_error(
                "lead",
                "The lead must be one of the parties: tick it under “Parties”, or choose "
                f"“{NO_LEAD_LABEL}”.",
            )
        for name, (option, message) in NEEDS_LEAD.items():
            if data.get(name) == option and not lead and "lead" not in self.errors:
                self.add_error(name, f"{message}: choose who leads, or another option.")
        review_missing = data.get("review") == "periodic_review" and not data.get("review_years")
        if review_missing and "review_years" not in self.errors:
            self.add_error("review_years", "Say how often the review takes place, in years.")
        data["party_list"] = [DraftParty(body.name, _signatory(body)) for body in chosen] + [
            DraftParty(name, UNKNOWN_SIGNATORY) for name in others
        ]
        return data

    def choices(self) -> Choices:
        """The valid form's choices, by name."""
        data = self.cleaned_data
        lead = self.bodies[data["lead"]].name if data["lead"] else None
        return Choices(
            service=self.services[data["service"]].name,
            parties=data["party_list"],
            lead=lead,
            term_years=data["term_years"],
            renewal=data["renewal"],
            governance=data["governance"],
            cost_method=data["cost_method"],
            notice_months=data["notice_months"],
            amendment=data["amendment"],
            termination=data["termination"],
            review=data["review"],
            review_years=data["review_years"] if data["review"] == "periodic_review" else None,
            insurance=data["insurance"],
            disputes=data["disputes"],
            records=data["records"],
        )

    def draft(self) -> Draft:
        """The draft these choices make: one query for the clauses."""
        choices = self.choices()
        return Draft(choices, Clause.objects.for_options(choices.options))

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for the error summary, in the order of the form."""
        links = [("", "", error) for error in self.non_field_errors()]
        for field in self:
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                anchor = f"{field.auto_id}_0"  # the group's first option
            links += [(anchor, field.label, error) for error in field.errors]
        return links

    @staticmethod
    def initial_from(agreement) -> dict:
        """Choices taken from a published agreement (its prefetched categories and visible
        parties; see the view), for whatever it records."""
        initial = {}
        categories = list(agreement.categories.all())
        if categories:
            initial["service"] = categories[0].slug
        initial["parties"] = [body.slug for body in agreement.party_bodies]
        leads = agreement.leads
        initial["lead"] = leads[0].slug if leads else ""
        if agreement.governance in GOVERNANCE_FROM_AGREEMENT:
            initial["governance"] = GOVERNANCE_FROM_AGREEMENT[agreement.governance]
        if initial.get("governance") == "lead_town" and not leads:
            del initial["governance"]  # the form would refuse it without a lead
        start = agreement.start_date.year if agreement.start_date else agreement.start_year
        end = agreement.end_date.year if agreement.end_date else agreement.end_year
        if start and end and TERM_YEARS[0] <= end - start <= TERM_YEARS[1]:
            initial["term_years"] = end - start
        return initial


def _signatory(body: PublicBody) -> str:
    return MUNICIPAL_SIGNATORY if body.kind == BodyKind.MUNICIPALITY else OTHER_SIGNATORY
