"""An A–Z jump for a long, paginated list of names, in the database's own order."""

from string import ascii_uppercase

from django.db.models import Count, Q
from django.db.models.functions import Lower

# Case-insensitive on both databases: SQLite's default order is by byte ("de Soto" after "Z").
NAME_ORDER = [Lower("name"), "name", "pk"]


def letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}"


def jump_links(queryset, per_page: int):
    """(letter, page number or None) for A–Z: the page where the first name with that letter is.

    One query, whatever the number of rows: for each letter, how many names sort before it and
    whether any starts with it, counted by the database so its collation decides, as it does
    for the list itself.
    """
    rows = queryset.order_by().annotate(_lname=Lower("name"))
    counts = rows.aggregate(
        **{f"before_{c}": Count("pk", filter=Q(_lname__lt=c.lower())) for c in ascii_uppercase},
        **{
            f"has_{c}": Count("pk", filter=Q(_lname__startswith=c.lower())) for c in ascii_uppercase
        },
    )
    return [
        (c, counts[f"before_{c}"] // per_page + 1 if counts[f"has_{c}"] else None)
        for c in ascii_uppercase
    ]
