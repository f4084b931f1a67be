from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from agreements.models import Agreement
from exports.columns import Column
from exports.writers import csv_stream
from partners.finder import towns_and_council
from region import lookup, matrix, network
from region.answers import answer
from region.forms import LookupForm, MatrixForm
from region.savings import savings


class LookupView(TemplateView):
    """`/towns/?town=&service=`: the plain GET form's target; a valid pair goes to its answer."""

    template_name = "region/lookup.html"

    def get(self, request, *args, **kwargs):
        form = LookupForm(request.GET or None, towns=lookup.towns(), categories=lookup.categories())
        if form.is_bound and form.is_valid():
            return redirect(
                "region:answer",
                town=form.cleaned_data["town"],
                service=form.cleaned_data["service"],
            )
        status = 400 if form.is_bound else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


class AnswerView(TemplateView):
    """`/towns/<town>/services/<service>/`: who provides the service in the town."""

    template_name = "region/answer.html"

    def get_context_data(self, **kwargs):
        towns, council = towns_and_council()
        town_slug, service_slug = kwargs.pop("town"), kwargs.pop("service")
        town = next((t for t in towns if t.slug == town_slug), None)
        categories = list(lookup.categories())
        category = next((c for c in categories if c.slug == service_slug), None)
        if town is None or category is None:
            # Draft, unknown or not a town: the same 404 either way (nothing leaked).
            raise Http404("No published town or service by that name.")
        form = LookupForm(
            towns=towns,
            categories=categories,
            initial={"town": town.slug, "service": category.slug},
        )
        return super().get_context_data(
            town=town,
            category=category,
            council=council,
            answer=answer(town, category),
            form=form,
            **kwargs,
        )


class MatrixView(TemplateView):
    """`/region/`: towns as rows, services as columns; `/region/matrix.csv` the same as CSV."""

    template_name = "region/matrix.html"

    def get(self, request, *args, csv=False, **kwargs):
        form = MatrixForm(request.GET or None)
        valid = form.is_valid() if form.is_bound else True
        options = form.cleaned_data if form.is_bound and valid else {}
        grid = matrix.build(
            kind=options.get("kind", ""),
            members_only=options.get("members", False),
            descending=options.get("sort") == "-town",
        )
        if csv and valid:
            return matrix_csv(request, grid)
        context = self.get_context_data(form=form, matrix=grid, query=request.GET.urlencode())
        return self.render_to_response(context, status=200 if valid else 400)


def matrix_csv(request, grid):
    """The matrix as a spreadsheet: a town per line, a service per column, by slug."""
    columns = [
        Column("town", lambda row, link: row.town.slug, "The town's slug."),
        *(
            Column(
                column.category.slug,
                lambda row, link, i=i: row.cells[i].text,
                f"How the town gets {column.category.name}.",
            )
            for i, column in enumerate(grid.columns)
        ),
        Column("services_shared", lambda row, link: row.shared, "Services it shares."),
    ]
    response = HttpResponse(
        "".join(csv_stream(columns, grid.rows, request.build_absolute_uri)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"region-matrix-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SavingsView(TemplateView):
    """`/region/savings/`: every savings claim in the region, summed by kind and period."""

    template_name = "region/savings_page.html"

    def get_context_data(self, **kwargs):
        agreements = Agreement.objects.published()
        return super().get_context_data(savings=savings(agreements, agreements.count()), **kwargs)


def _network_context():
    grid = network.regional()
    towns = sum(1 for node in grid.nodes if node.is_town)
    description = (
        f"{towns} towns and {len(grid.nodes) - towns} other public bodies, joined by "
        f"{len(grid.links)} links of shared agreements and district memberships."
    )
    return {"network": grid, "description": description}


class NetworkView(TemplateView):
    """`/region/network/`: the picture with its text equivalent."""

    template_name = "region/network.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_network_context(), **kwargs)


def network_svg(request):
    """`/region/network.svg`: the same picture as a file, to open and zoom."""
    context = {**_network_context(), "title": "The sharing network of the region"}
    svg = render_to_string("region/network_svg.html", context).split("#}", 1)[-1].lstrip()
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}', content_type="image/svg+xml"
    )
