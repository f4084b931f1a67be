from django import template

from region import lookup
from region.forms import LookupForm

register = template.Library()


@register.inclusion_tag("region/lookup_form.html")
def who_provides_form(
    town=None, category=None, towns=None, categories=None, heading_level=2, partners=False
):
    """The "Who provides … in …?" form. On a town's page the town is fixed and only the
    service is asked, on a category's page the reverse; elsewhere both. One query for each list
    the page has not loaded itself (`towns`, `categories`). With `partners` (a category's page)
    a second button sends the same town and service to the partner finder, so that the page
    needs one list of every town, not two."""
    if categories is None and not category:
        categories = lookup.categories()
    form = LookupForm(
        towns=[] if town else (towns if towns is not None else lookup.towns()),
        categories=[] if category else categories,
    )
    if town:
        del form.fields["town"]
    if category:
        del form.fields["service"]
    return {
        "form": form,
        "town": town,
        "category": category,
        "heading_level": heading_level,
        "partners": partners,
    }
