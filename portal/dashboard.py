"""What needs staff attention, shown at the top of the admin's index page.

Each section is a short list (at most SHOWN items, each linked to its admin page) with the
total, computed with a few queries per section whatever the size of the data: counts and the
first few rows, never every row.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.sites import AdminSite
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementDocument, AgreementStatus
from portal.models import Publishable
from search.extract import TextStatus
from sources.models import Cited

SHOWN = 8
SOON_DAYS = 90
STALE_DRAFT_DAYS = 30
UNREADABLE = [TextStatus.NO_TEXT, TextStatus.UNREADABLE]


@dataclass
class Section:
    title: str
    explanation: str
    total: int = 0
    items: list = field(default_factory=list)  # (label, detail, admin url)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _admin_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _section(title, explanation, querysets, detail=lambda obj: ""):
    """A section over one or more querysets: their total, and the first few rows of each."""
    section = Section(title, explanation)
    for queryset in querysets:
        total = queryset.count()
        section.total += total
        room = SHOWN - len(section.items)
        if total and room > 0:
            section.items += [(str(o), detail(o), _admin_url(o)) for o in queryset[:room]]
    return section


def _content_models(admin_site: AdminSite, request):
    """The publishable models staff curate in this admin and this user may view, in order."""
    return sorted(
        (
            model
            for model, model_admin in admin_site._registry.items()
            if issubclass(model, Publishable) and model_admin.has_view_permission(request)
        ),
        key=lambda m: m._meta.label,
    )


def _may_view(admin_site, request, model) -> bool:
    model_admin = admin_site._registry.get(model)
    return model_admin is not None and model_admin.has_view_permission(request)


def _ending_between(start, end):
    """Agreements whose term ends between two days: the exact date, or Dec 31 of the year."""
    years = [y for y in range(start.year, end.year + 1) if start <= datetime.date(y, 12, 31) <= end]
    return Q(end_date__range=(start, end)) | Q(end_date__isnull=True, end_year__in=years)


def _day(date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def attention(admin_site: AdminSite, request, today=None) -> list[Section]:
    """The sections this user may see, each listing only what they may view in the admin."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_DAYS)
    agreements = Agreement.objects.all()

    def due(agreement):
        parts = []
        if agreement.review_due and today <= agreement.review_due <= soon:
            parts.append(f"review due {_day(agreement.review_due)}")
        end = agreement.term_end
        if end and today <= end <= soon:
            parts.append(f"term ends {_day(end)}")
        return "; ".join(parts)

    sections = []
    if _may_view(admin_site, request, Agreement):
        sections += _agreement_sections(agreements, today, soon, due)
    sections += [
        _section(
            "Published, citing no source",
            "Every published page should say where its facts come from.",
            [
                model.objects.published().filter(sources__isnull=True).order_by("pk")
                for model in _content_models(admin_site, request)
                if issubclass(model, Cited)
            ],
            lambda obj: obj._meta.verbose_name,
        ),
        _section(
            f"Drafts older than {STALE_DRAFT_DAYS} days",
            "Finish and publish them, or delete what is no longer wanted.",
            [
                model.objects.drafts()
                .filter(created_at__lt=timezone.now() - datetime.timedelta(days=STALE_DRAFT_DAYS))
                .order_by("created_at")
                for model in _content_models(admin_site, request)
            ],
            lambda obj: f"{obj._meta.verbose_name}, created {_day(obj.created_at)}",
        ),
    ]
    if _may_view(admin_site, request, AgreementDocument):
        sections.append(
            _section(
                "Documents whose text search cannot read",
                "Scanned or damaged files: upload a version with a text layer if there is one.",
                [
                    AgreementDocument.objects.filter(text_status__in=UNREADABLE)
                    .select_related("agreement")
                    .order_by("agreement__title", "title")
                ],
                lambda d: f"{d.agreement.title}: {d.get_text_status_display()}",
            )
        )
    if apps.is_installed("linkcheck"):
        from linkcheck.models import LinkCheck

        if _may_view(admin_site, request, LinkCheck):
            sections.append(
                _section(
                    "Links that failed the last check",
                    "Find the new address, or replace the source. Run `manage.py check_links` "
                    "to check again.",
                    [LinkCheck.objects.failing().order_by("-failures", "url")],
                    lambda link: (
                        f"{link.get_status_display()} since {_day(link.first_failed_at)}"
                        if link.first_failed_at
                        else link.get_status_display()
                    ),
                )
            )
    return sections


def _agreement_sections(agreements, today, soon, due):
    return [
        _section(
            f"Reviews and term ends in the next {SOON_DAYS} days",
            "Ask the parties whether they renew, and record what they decide.",
            [
                agreements.filter(
                    Q(review_due__range=(today, soon)) | _ending_between(today, soon)
                ).order_by(
                    F("review_due").asc(nulls_last=True),
                    F("end_date").asc(nulls_last=True),
                    "end_year",
                    "title",
                )
            ],
            due,
        ),
        _section(
            "Past their end, still marked active",
            "Change the status, or correct the end date if the agreement was renewed.",
            [
                agreements.filter(status=AgreementStatus.ACTIVE)
                .filter(Q(end_date__lt=today) | Q(end_date__isnull=True, end_year__lt=today.year))
                .order_by("end_year", "title")
            ],
            lambda a: f"ended {_day(a.term_end)}" if a.term_end else "",
        ),
        _section(
            "Published agreements without documents",
            "Officials come to copy agreements: upload the signed text when you have it.",
            [agreements.published().filter(documents__isnull=True).order_by("title")],
        ),
    ]
