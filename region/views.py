from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from partners.finder import towns_and_council
from region import lookup
from region.answers import answer
from region.forms import LookupForm


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
