import hashlib
from typing import NamedTuple

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from linkcheck.targets import target_fields


class LinkStatus(models.TextChoices):
    OK = "ok", "Works"
    REDIRECTED = "redirected", "Works, after a redirect"
    BROKEN = "broken", "Broken (the site answers with an error)"
    TIMEOUT = "timeout", "No answer in time"
    TLS_ERROR = "tls_error", "Certificate problem"
    # Also a server asking us to come back later (429, 503): not proof the page is gone.
    ERROR = "error", "Could not check (address, connection or busy server)"


WORKING = [LinkStatus.OK, LinkStatus.REDIRECTED]
RESULT_FIELDS = [
    "status", "http_status", "final_url", "error", "checked_at", "first_failed_at", "failures"
]  # fmt: skip
BATCH = 500  # keeps IN (…) lists under SQLite's limit on query parameters


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


class Use(NamedTuple):
    """A record citing a link, for the dashboard: what it is, the record, its admin page."""

    label: str
    obj: models.Model
    admin_url: str | None


class LinkCheckQuerySet(models.QuerySet):
    def failing(self):
        """Links whose last check did not reach a working page (a redirect that ends well works)."""
        return self.exclude(status__in=WORKING)

    def for_urls(self, urls):
        return self.filter(url_hash__in=[url_hash(url) for url in urls])

    def record(self, results, checked_at) -> None:
        """Save each {url: checker.Result}, counting failures in a row; two queries a batch."""
        results = list(results.items())
        for start in range(0, len(results), BATCH):
            batch = results[start : start + BATCH]
            before = {check.url: check for check in self.for_urls(url for url, _ in batch)}
            rows = [_checked(url, result, before.get(url), checked_at) for url, result in batch]
            # One statement that inserts new links and updates known ones (SQLite and PostgreSQL).
            self.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["url_hash"],
                update_fields=RESULT_FIELDS,
            )

    def prune(self, used) -> int:
        """Delete the checks of links no record cites any more; returns how many."""
        keep = {url_hash(url) for url in used}
        stale = [pk for pk, digest in self.values_list("pk", "url_hash") if digest not in keep]
        for start in range(0, len(stale), BATCH):
            self.filter(pk__in=stale[start : start + BATCH]).delete()
        return len(stale)


class LinkCheck(models.Model):
    """The last check of one external link, kept up to date by `manage.py check_links`."""

    url = models.TextField("address")
    # PostgreSQL cannot index long text in a btree: uniqueness is kept on the address's digest.
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField("result", max_length=12, choices=LinkStatus.choices, db_index=True)
    http_status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    final_url = models.TextField("redirected to", blank=True)
    error = models.CharField("problem", max_length=300, blank=True)
    checked_at = models.DateTimeField("last checked")
    first_failed_at = models.DateTimeField("failing since", null=True, blank=True)
    failures = models.PositiveIntegerField("failed checks in a row", default=0)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        verbose_name = "link check"

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)

    @property
    def is_failing(self) -> bool:
        return self.status not in WORKING

    def used_by(self) -> list[Use]:
        """The records citing this link; one query per target field."""
        return uses_of([self.url])[self.url]


def _checked(url, result, before, checked_at) -> LinkCheck:
    """The new state of a link's check; a failure keeps the date the current run of failures began."""
    check = LinkCheck(
        url=url,
        url_hash=url_hash(url),
        status=result.status,
        http_status=result.http_status,
        final_url=result.final_url,
        error=result.error,
        checked_at=checked_at,
    )
    if check.is_failing:
        still = before is not None and before.is_failing
        check.first_failed_at = before.first_failed_at if still else checked_at
        check.failures = before.failures + 1 if still else 1
    return check


def uses_of(urls) -> dict[str, list[Use]]:
    """The records citing each of `urls`, one query per target field however many links."""
    urls = list(urls)
    found = {url: [] for url in urls}
    for model, field in target_fields():
        label = (
            f"{capfirst(model._meta.verbose_name)} · {model._meta.get_field(field).verbose_name}"
        )
        for obj in model._default_manager.filter(**{f"{field}__in": urls}):
            found[getattr(obj, field)].append(Use(label, obj, _admin_url(obj)))
    return found


def _admin_url(obj) -> str | None:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:  # a target model without an admin page
        return None
