"""The comparison an official is building: up to four agreements, side by side.

The page's address holds the comparison (`/agreements/compare/?a=slug&a=slug`), so it can be
shared, bookmarked and printed. A cookie remembers the last one shown, so that "Add to
comparison" on an agreement's page and the library's checkboxes add to it without JavaScript,
and without a database session: reading it costs no query.
"""

import re
from urllib.parse import urlencode

from django.urls import reverse

MAX_COMPARED = 4
COOKIE = "compare"
COOKIE_AGE = 60 * 60 * 24 * 30  # a month: long enough to come back to, short enough to forget
_SLUG = re.compile(r"^[-\w]{1,250}$")

# The rows of the comparison, in order: (key, label). The template shows each key's value.
ROWS = [
    ("services", "Services"),
    ("parties", "Parties and roles"),
    ("lead", "Lead body"),
    ("years", "Years and status"),
    ("governance", "Governance"),
    ("cost_sharing", "Cost sharing"),
    ("savings", "Savings claims"),
    ("statutes", "Statutory authority"),
    ("documents", "Documents"),
    ("sources", "Sources"),
    ("notes", "Notes on the record"),
]


def clean_slugs(values) -> list[str]:
    """Well-formed slugs, each once, in the order given (a malformed value is dropped)."""
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and _SLUG.match(v)))


def remembered(request) -> list[str]:
    """The slugs of the last comparison this browser showed (never more than the maximum)."""
    return clean_slugs(request.COOKIES.get(COOKIE, "").split(","))[:MAX_COMPARED]


def remember(response, slugs) -> None:
    if slugs:
        response.set_cookie(
            COOKIE, ",".join(slugs), max_age=COOKIE_AGE, httponly=True, samesite="Lax"
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def compare_url(slugs) -> str:
    url = reverse("agreements:compare")
    return f"{url}?{urlencode([('a', slug) for slug in slugs])}" if slugs else url


class Comparison:
    """What an agreement's page needs to offer "Add to comparison"."""

    def __init__(self, request, slug):
        self.slugs = remembered(request)
        self.contains = slug in self.slugs
        self.full = not self.contains and len(self.slugs) >= MAX_COMPARED
        self.view_url = compare_url(self.slugs) if self.slugs else ""
        self.add_url = compare_url([*self.slugs, slug])
