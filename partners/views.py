from django.views.generic import TemplateView

from contacts.models import Program
from partners.finder import Nearness, find, town_categories, towns_and_council
from partners.forms import FinderForm
from services.models import ServiceCategory


class FinderView(TemplateView):
    """`?service=<slug>&town=<slug>`: either alone is a valid partial search."""

    template_name = "partners/finder.html"

    def get_context_data(self, **kwargs):
        categories = list(ServiceCategory.objects.published().only("name", "slug"))
        towns, council = towns_and_council()
        form = FinderForm(self.request.GET or None, categories=categories, towns=towns)
        chosen = {}
        if form.is_bound:
            # cleaned_data keeps each valid field even when the other is not: a bad town keeps
            # the service, and the page says what was wrong.
            form.is_valid()
            chosen = form.cleaned_data
        category = next((c for c in categories if c.slug == chosen.get("service")), None)
        town = next((t for t in towns if t.slug == chosen.get("town")), None)
        finding = find(category, town) if category else None
        return super().get_context_data(
            form=form,
            category=category,
            town=town,
            council=council,
            finding=finding,
            groups=nearness_groups(finding, town) if finding and town else None,
            town_categories=town_categories(town) if town and not category else None,
            rpip=Program.objects.published().filter(acronym="RPIP").first()
            if category or town
            else None,
            **kwargs,
        )


def nearness_groups(finding, town):
    """(heading, providers) for each group of the nearness rule that has someone in it."""
    headings = {
        Nearness.SAME_REGION: f"In {town.name}'s planning region ({town.planning_region})",
        Nearness.SAME_COUNTY: f"In {town.name}'s county ({town.county})",
        Nearness.ELSEWHERE: "Farther away, or where no region or county is recorded",
    }
    return [(headings[nearness], providers) for nearness, providers in finding.groups]
