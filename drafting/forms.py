import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field

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
# Renewal options whose clause asks for notice "before the term ends".
NOTICE_BEFORE_TERM_ENDS = {"automatic_renewal"}

# The parties checklist, grouped by kind: municipalities first and always shown, the other
# kinds each behind a disclosure. A kind missing here joins the last group.
PARTY_GROUPS = [
    ([BodyKind.MUNICIPALITY], "Municipalities"),
    ([BodyKind.SCHOOL_DISTRICT], "Boards of education and school districts"),
    ([BodyKind.REGIONAL_SCHOOL_DISTRICT], "Regional school districts"),
    ([BodyKind.REGIONAL_AUTHORITY], "Regional districts and authorities"),
    ([BodyKind.COG, BodyKind.RESC], "Councils of governments and regional education service "
     "centers"),
    ([BodyKind.STATE_AGENCY], "State agencies"),
    ([BodyKind.OTHER], "Other public bodies"),
]  # fmt: skip
_GROUP_OF_KIND = {kind: index for index, (kinds, _) in enumerate(PARTY_GROUPS) for kind in kinds}


@dataclass
class PartyGroup:
    """One kind of body in the parties checklist: its options (BoundWidgets), and whether its
    disclosure starts open."""

    label: str
    options: list = dataclass_field(default_factory=list)
    always_shown: bool = False
    open: bool = False

    @property
    def count(self) -> int:
        return len(self.options)


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


def _format_characters() -> str:
    """Unicode's format characters (category Cf) as a regex class: zero-width spaces and
    joiners, bidi marks, embeddings, overrides and isolates, the BOM, soft hyphens, tags. They
    exist only in planes 0, 1 and 14, so only those are scanned (a few ms at import)."""
    code_points = [*range(0x20000), *range(0xE0000, 0xE1000)]
    return "".join(re.escape(chr(c)) for c in code_points if unicodedata.category(chr(c)) == "Cf")


# Characters that print as nothing: a name made of them would be an invisible party, "Andover"
# with one would slip past the duplicate check, and bidi overrides reorder the text around
# them. Hangul fillers are letters (Lo) that draw nothing.
_INVISIBLE = re.compile(f"[{_format_characters()}\u115f\u1160\u3164\uffa0]")


def strip_control(value: str, *, newlines=False) -> str:
    """`value` without control and invisible characters, NFKC-normalised (full-width and
    compatibility forms as their plain letters); line breaks as spaces unless `newlines`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFKC", _INVISIBLE.sub("", _CONTROL.sub("", value)))
    return value if newlines else value.replace("\n", " ").replace("\t", " ")


def name_key(name: str) -> str:
    """What makes two party names the same party: case, spacing and invisible characters
    aside."""
    return unicodedata.normalize("NFKC", " ".join(strip_control(name).split()).casefold())


def has_letter_or_digit(name: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in name)


class PlainTextField(forms.CharField):
    """Text without control or invisible characters (the Word file could not hold the first;
    the second hide what a name says). A textarea keeps its lines as typed, so that an error
    can name the line."""

    def __init__(self, **kwargs):
        if isinstance(kwargs.get("widget"), forms.Textarea):
            kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = strip_control(super().to_python(value), newlines=self._newlines)
        return value if self._newlines else value.strip()

    def bound_data(self, data, initial):
        # The form shown again after an error shows the text as it will be used, never more
        # than the field accepts (an over-long post is not echoed back in full).
        if not isinstance(data, str):
            return data
        return strip_control(data, newlines=self._newlines)[: self.max_length]

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
        f"each and {MAX_OTHER_PARTIES} names. A name given twice counts once.",
    )
    lead = forms.ChoiceField(
        label="Who leads",
        required=False,
        help_text="Only a party listed in the portal can lead: tick it above. A party typed "
        "under “Other parties” cannot be chosen here.",
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
        help_text="No longer required by CGS § 7-148cc (the five-year review was removed by "
        "P.A. 11-99 in 2011); offered as an option.",
    )
    review_years = forms.IntegerField(
        label="Review every, in years",
        required=False,
        min_value=REVIEW_YEARS[0],
        max_value=REVIEW_YEARS[1],
        help_text="Only for a review every few years; ignored otherwise.",
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
        # Grouped by kind (as `party_groups` shows them), by name within a kind.
        self.fields["parties"].choices = sorted(
            body_choices, key=lambda choice: self._group_index(self.bodies[choice[0]])
        )
        self.fields["service"].choices = [("", "Choose a service"), *(
            (slug, category.name) for slug, category in self.services.items()
        )]  # fmt: skip
        self.fields["lead"].choices = [("", NO_LEAD_LABEL), *body_choices]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-hint"

    def full_clean(self):
        super().full_clean()
        if (
            self.is_bound
            and self.cleaned_data.get("review", "periodic_review") != "periodic_review"
        ):
            # Without a periodic review the number of years is not used: never an error.
            self._errors.pop("review_years", None)
            self.cleaned_data["review_years"] = None
        # Fields in error say so to assistive technology, and point at their message.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()

    def clean_parties(self):
        # A slug posted twice is one party.
        return list(dict.fromkeys(self.cleaned_data["parties"]))

    def clean_other_parties(self):
        names, keys, errors = [], set(), []
        typed = self.data.get(self.add_prefix("other_parties"), "")
        typed_lines = typed.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for number, line in enumerate(self.cleaned_data["other_parties"].split("\n"), 1):
            name = " ".join(line.split())
            if not name:
                if number <= len(typed_lines) and typed_lines[number - 1].strip():
                    errors.append(f"Line {number} has only invisible characters: type the name.")
                continue
            if len(name) > MAX_NAME:
                errors.append(f"Line {number} is longer than {MAX_NAME} characters.")
            elif not has_letter_or_digit(name):
                errors.append(f"Line {number} has no letters or digits: type the party's name.")
            elif name_key(name) not in keys:
                keys.add(name_key(name))
                names.append(name)
        if len(names) > MAX_OTHER_PARTIES:
            errors.append(f"List at most {MAX_OTHER_PARTIES} other parties.")
        if errors:
            raise forms.ValidationError(errors)
        return names

    def clean(self):
        data = super().clean()
        chosen = [self.bodies[slug] for slug in data.get("parties", [])]
        known = {name_key(body.name) for body in chosen}
        typed = data.get("other_parties", [])
        # A typed name that is a ticked party's is the same party: it counts once.
        others = [name for name in typed if name_key(name) not in known]
        if "parties" in data and "other_parties" in data:
            count = len(chosen) + len(others)
            if count < 2:
                repeated = " (a party ticked and typed counts once)" if others != typed else ""
                self.add_error(
                    "parties",
                    "Choose at least two parties: tick them in the list, or type their names "
                    f"under “Other parties”{repeated}.",
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
        term, notice = data.get("term_years"), data.get("notice_months")
        if (
            data.get("renewal") in NOTICE_BEFORE_TERM_ENDS
            and term
            and notice
            and notice >= term * 12
        ):
            longer = "longer than" if notice > term * 12 else "as long as"
            self.add_error(
                "notice_months",
                f"The notice period ({notice} months) is {longer} the term ({period_label(term)}): "
                "a Party could never give notice in time not to renew. Shorten the notice, "
                "lengthen the term, or choose another renewal option.",
            )
        data["party_list"] = [DraftParty(body.name, _signatory(body)) for body in chosen] + [
            DraftParty(name, UNKNOWN_SIGNATORY) for name in others
        ]
        return data

    def party_groups(self) -> list[PartyGroup]:
        """The parties checklist's options by kind, municipalities first; a group starts open
        when one of its boxes is ticked, or when it holds the box the error summary links to."""
        parties = self["parties"]
        groups = [PartyGroup(label) for _, label in PARTY_GROUPS]
        groups[0].always_shown = True
        for position, option in enumerate(parties):
            group = groups[self._group_index(self.bodies[option.data["value"]])]
            group.options.append(option)
            if option.data["selected"] or (position == 0 and parties.errors):
                group.open = True
        return [group for group in groups if group.options]

    @staticmethod
    def _group_index(body) -> int:
        return _GROUP_OF_KIND.get(body.kind, len(PARTY_GROUPS) - 1)

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


def period_label(years: int) -> str:
    return f"{years} year{'' if years == 1 else 's'}"


def _signatory(body: PublicBody) -> str:
    return MUNICIPAL_SIGNATORY if body.kind == BodyKind.MUNICIPALITY else OTHER_SIGNATORY
