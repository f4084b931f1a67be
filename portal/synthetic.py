"""Synthetic content for benchmarks: many agreements of realistic shape, names that cannot be
mistaken for real ones ("Synthetic agreement 000123"), written in bulk.

Shapes follow the starter content: 2-8 parties with one lead, 1-3 services, 0-3 statutes, start
years over half a century, a mix of statuses, a few drafts, summaries of a few sentences. No
fact here looks real: no dates of day precision, no savings, no contacts, no documents.
"""

import random
from dataclasses import dataclass

from django.db import connection, transaction

from agreements import facets
from agreements.models import Agreement, AgreementStatus, Party, PartyRole
from municipalities.models import BodyKind, PublicBody
from portal import pagecache
from portal.housekeeping import analyze
from portal.models import PublicationStatus
from search.indexing import index_ids
from search.registry import site
from services.models import ServiceCategory, ServiceKind
from statutes.models import Statute

PREFIX = "synthetic-"
BATCH = 2000
WORDS = [  # fmt: skip
    "towns",
    "share",
    "inspectors",
    "dispatch",
    "animal",
    "control",
    "shelter",
    "landfill",
    "transfer",
    "station",
    "payroll",
    "purchasing",
    "health",
    "district",
    "schools",
    "water",
    "transportation",
    "sewer",
    "treatment",
    "assessment",
    "library",
    "emergency",
    "management",
    "fire",
    "police",
    "records",
    "information",
    "technology",
    "fuel",
    "roads",
    "equipment",
    "staff",
    "costs",
    "board",
    "regional",
    "program",
    "residents",
    "services",
    "contract",
    "annual",
    "budget",
]
STATUSES = [  # weights roughly as in the starter content
    (AgreementStatus.ACTIVE, 70), (AgreementStatus.UNKNOWN, 20), (AgreementStatus.ENDED, 10),
]  # fmt: skip


class RealContentPresent(Exception):
    """The database holds published content that is not synthetic."""


@dataclass
class Seeded:
    agreements: int
    bodies: int
    parties: int
    indexed: int


def real_content_present() -> bool:
    return Agreement.objects.published().exclude(slug__startswith=PREFIX).exists()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _bodies(rng: random.Random, count: int) -> list[PublicBody]:
    start = PublicBody.objects.filter(slug__startswith=PREFIX).count()
    kinds = [BodyKind.MUNICIPALITY] * 8 + [BodyKind.SCHOOL_DISTRICT, BodyKind.REGIONAL_AUTHORITY]
    new = []
    for number in range(start + 1, start + count + 1):
        kind = rng.choice(kinds)
        noun = {BodyKind.MUNICIPALITY: "town"}.get(kind, kind.replace("_", " "))
        new.append(
            PublicBody(
                name=f"Synthetic {noun} {number:05d}",
                slug=f"{PREFIX}{noun.replace(' ', '-')}-{number:05d}",
                kind=kind,
                is_cog_member=kind == BodyKind.MUNICIPALITY and rng.random() < 0.7,
                publication=PublicationStatus.PUBLISHED,
            )
        )
    PublicBody.objects.bulk_create(new, batch_size=BATCH)
    return list(PublicBody.objects.filter(slug__startswith=PREFIX))


def _categories() -> list[ServiceCategory]:
    categories = list(ServiceCategory.objects.published())
    if not categories:
        ServiceCategory.objects.bulk_create(
            ServiceCategory(
                name=f"Synthetic service {number:02d}", slug=f"{PREFIX}service-{number:02d}",
                kind=ServiceKind.COMMUNITY if number % 2 else ServiceKind.ADMINISTRATIVE,
                publication=PublicationStatus.PUBLISHED,
            )
            for number in range(1, 13)
        )  # fmt: skip
        categories = list(ServiceCategory.objects.published())
    return categories


def _statutes() -> list[Statute]:
    statutes = list(Statute.objects.published())
    if not statutes:
        Statute.objects.bulk_create(
            Statute(
                citation=f"Synthetic statute {number}", slug=f"{PREFIX}statute-{number}",
                title=f"Synthetic statute {number}", publication=PublicationStatus.PUBLISHED,
            )
            for number in range(1, 11)
        )  # fmt: skip
        statutes = list(Statute.objects.published())
    return statutes


def seed(agreements: int, bodies: int, *, seed: int = 1, force: bool = False) -> Seeded:
    """Add `agreements` agreements among `bodies` new bodies, indexed for search."""
    if real_content_present() and not force:
        raise RealContentPresent
    rng = random.Random(seed)
    with transaction.atomic():
        every_body = _bodies(rng, bodies)
        categories, statutes = _categories(), _statutes()
        start = Agreement.objects.filter(slug__startswith=PREFIX).count()
        new_ids, parties = [], 0
        for first in range(start + 1, start + agreements + 1, BATCH):
            numbers = range(first, min(first + BATCH, start + agreements + 1))
            rows = []
            for number in numbers:
                start_year = rng.randint(1975, 2026)
                status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
                rows.append(
                    Agreement(
                        title=f"Synthetic agreement {number:06d}: {rng.choice(WORDS)} "
                        f"{rng.choice(WORDS)}",
                        slug=f"{PREFIX}agreement-{number:06d}",
                        summary=" ".join(_sentence(rng) for _ in range(rng.randint(2, 6))),
                        status=status,
                        start_year=start_year,
                        end_year=rng.randint(start_year, 2030) if status == "ended" else None,
                        publication=(
                            PublicationStatus.DRAFT
                            if rng.random() < 0.03
                            else PublicationStatus.PUBLISHED
                        ),
                    )  # fmt: skip
                )
            created = Agreement.objects.bulk_create(rows)
            if not connection.features.can_return_rows_from_bulk_insert:
                created = list(Agreement.objects.filter(slug__in=[a.slug for a in rows]))
            links_c, links_s, party_rows = [], [], []
            for agreement in created:
                for category in rng.sample(categories, min(len(categories), rng.randint(1, 3))):
                    links_c.append(
                        Agreement.categories.through(
                            agreement_id=agreement.pk, servicecategory_id=category.pk
                        )
                    )
                for statute in rng.sample(statutes, min(len(statutes), rng.randint(0, 3))):
                    links_s.append(
                        Agreement.statutes.through(agreement_id=agreement.pk, statute_id=statute.pk)
                    )
                chosen = rng.sample(every_body, min(len(every_body), rng.randint(2, 8)))
                lead_role = rng.choice([PartyRole.LEAD, PartyRole.PARTNER])
                for index, body in enumerate(chosen):
                    role = lead_role if index == 0 else (
                        PartyRole.PARTNER if lead_role == PartyRole.PARTNER else PartyRole.RECIPIENT
                    )  # fmt: skip
                    party_rows.append(Party(agreement_id=agreement.pk, body_id=body.pk, role=role))
            Agreement.categories.through.objects.bulk_create(links_c, batch_size=BATCH)
            Agreement.statutes.through.objects.bulk_create(links_s, batch_size=BATCH)
            Party.objects.bulk_create(party_rows, batch_size=BATCH)
            parties += len(party_rows)
            new_ids += [agreement.pk for agreement in created]
        # Statistics of the rows just written (ANALYZE sees its own transaction's rows): the
        # indexing below reads them in 200 batches, and with none the planner scanned every
        # party per batch (past the statement timeout at 100,000 agreements).
        analyze()
        # Bulk inserts send no signals: index what they wrote, once.
        indexed = 0
        with facets.bulk():  # the library's facet counts, counted once at the end
            for model, ids in ((Agreement, new_ids), (PublicBody, [b.pk for b in every_body])):
                if site.for_model(model) is not None:
                    indexed += index_ids(site.for_model(model), ids)
    analyze()
    pagecache.bump()
    return Seeded(len(new_ids), bodies, parties, indexed)
