"""Savings, honestly: what was claimed, split by kind and by period, never one bare total.

A projected saving is a forecast, an estimate is a guess after the fact, an audited one was
checked; a yearly saving and a one-off saving cannot be added either. So sums are given per
(kind, period) with the number of claims behind each, beside the number of agreements that
report no saving at all, and every claim is listed with who made it and its source.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from agreements.models import SavingsClaim, SavingsKind, SavingsPeriod

KIND_WORDS = {
    SavingsKind.PROJECTED: "projected (forecast before the change)",
    SavingsKind.ESTIMATED: "estimated",
    SavingsKind.AUDITED: "reported by an audit",
}


@dataclass
class Total:
    kind: str
    period: str
    amount: Decimal = Decimal(0)
    claims: int = 0
    agreements: set = field(default_factory=set)

    @property
    def kind_words(self) -> str:
        return KIND_WORDS[self.kind]

    @property
    def period_words(self) -> str:
        return SavingsPeriod(self.period).label


@dataclass
class Savings:
    totals: list  # one Total per (kind, period) that has a claim, in a fixed order
    claims: list
    agreement_total: int

    @property
    def agreements_with_claims(self) -> int:
        return len({claim.agreement_id for claim in self.claims})

    @property
    def agreements_without(self) -> int:
        return self.agreement_total - self.agreements_with_claims


def savings(agreements, agreement_total: int) -> Savings:
    """The claims of `agreements` (a published queryset), summed by kind and period: one
    query. The page says how many agreements there are (`agreement_total`)."""
    claims = list(
        SavingsClaim.objects.filter(agreement__in=agreements)
        .select_related("agreement", "source")
        .only(
            "amount",
            "period",
            "year",
            "kind",
            "stated_by",
            "description",
            "agreement__title",
            "agreement__slug",
            "source__url",
            "source__title",
        )  # fmt: skip
        .order_by("kind", "period", "-year", "agreement__title", "pk")
    )
    totals = {
        (kind, period): Total(kind, period)
        for kind in SavingsKind.values
        for period in SavingsPeriod.values
    }
    for claim in claims:
        total = totals[(claim.kind, claim.period)]
        total.amount += claim.amount
        total.claims += 1
        total.agreements.add(claim.agreement_id)
    return Savings(
        totals=[total for total in totals.values() if total.claims],
        claims=claims,
        agreement_total=agreement_total,
    )
