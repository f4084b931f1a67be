"""Check every external link the portal cites; meant for cron, never for a web request."""

from collections import Counter, defaultdict
from datetime import timedelta
from urllib.parse import urldefrag

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from linkcheck.checker import check_urls
from linkcheck.models import WORKING, LinkCheck, LinkStatus
from linkcheck.targets import used_urls

# When this many links or more all fail to resolve, the fault is ours (no network), not theirs.
OFFLINE_AFTER = 5
NO_DNS = "Address not found (DNS)"


def _not_negative(kind):
    def parse(raw):
        value = kind(raw)
        if value < 0:
            raise ValueError(raw)
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its error message
    return parse


def _due(used, *, only_failing, older_than):
    """The links to check, never-checked first, then the longest unchecked (one query)."""
    known = {check.url: check for check in LinkCheck.objects.only("url", "status", "checked_at")}
    if only_failing:
        used = [url for url in used if url in known and known[url].is_failing]
    if older_than is not None:
        cutoff = timezone.now() - timedelta(hours=older_than)
        used = [url for url in used if url not in known or known[url].checked_at < cutoff]
    return sorted(
        used, key=lambda url: (url in known, known[url].checked_at if url in known else 0, url)
    )


class Command(BaseCommand):
    help = (
        "Check the links in sources, websites and official texts (drafts too), record the "
        "results for staff, and forget the checks of links no longer cited. A failing site is "
        "reported, not an error: the command fails only when it cannot do its own job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-failing", action="store_true", help="Recheck only links that failed last time."
        )
        parser.add_argument(
            "--limit", type=_not_negative(int), help="Check at most N links, the stalest first."
        )
        parser.add_argument(
            "--older-than",
            type=_not_negative(float),
            metavar="HOURS",
            help="Skip links checked less than HOURS ago.",
        )

    def handle(self, *args, only_failing=False, limit=None, older_than=None, **options):
        used = used_urls()
        pruned = LinkCheck.objects.prune(used)
        urls = _due(used, only_failing=only_failing, older_than=older_than)[:limit]
        # Statutes in one chapter link to anchors on the same page: fetch the page once.
        pages = defaultdict(list)
        for url in urls:
            pages[urldefrag(url).url].append(url)
        fetched = check_urls(pages)
        results = {url: fetched[page] for page in fetched for url in pages[page]}
        if len(fetched) >= OFFLINE_AFTER and all(r.error == NO_DNS for r in fetched.values()):
            # Recording it would mark every link broken on the staff dashboard.
            raise CommandError(
                f"None of the {len(fetched)} addresses could be looked up (DNS): this machine "
                "seems to be offline. Nothing was recorded."
            )
        LinkCheck.objects.record(results, checked_at=timezone.now())

        counts = Counter(result.status for result in results.values())
        failing = {url: result for url, result in results.items() if result.status not in WORKING}
        self.stdout.write(
            f"Checked {len(results)} links: {counts[LinkStatus.OK]} ok, "
            f"{counts[LinkStatus.REDIRECTED]} redirected, {len(failing)} failing."
        )
        for url, result in sorted(failing.items()):
            self.stdout.write(f"  {result.status}: {url} ({result.error})")
        if missed := len(urls) - len(results):
            self.stdout.write(f"{missed} links not reached before the deadline: left for next run.")
        if pruned:
            self.stdout.write(f"Forgot the checks of {pruned} links no longer cited.")
