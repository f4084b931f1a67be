"""The OpenAPI description: what drf-spectacular cannot guess from the views by itself."""

from django_filters import filters
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import (
    build_array_type,
    build_basic_type,
    build_choice_description_list,
    build_parameter_type,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from agreements.filters import SlugListField, YesNoField
from api import problems
from api.serializers import ProblemSerializer

PROBLEMS = {
    400: "A query parameter is not valid (a filter, or the page size): `errors` says which, "
    "and why.",
    404: "There is no published item with this slug, or no such page.",
    406: "The Accept header asks for something other than JSON.",
    429: "Too many requests from this address: wait as many seconds as Retry-After says.",
}

# What the library's labels leave to the form around them.
MORE = {
    "q": ': words to find, as the site\'s search reads them ("a phrase", `or`, `-word`).',
    "sort": ": `relevance` (the default when `q` is given), `newest` (the default otherwise), "
    "`oldest`, or `title`.",
    "has_documents": ": `yes` or `no`.",
    "year_from": "; agreements with no known start are left out.",
    "year_to": "; agreements with no known start are left out.",
}


class AutoSchema(openapi.AutoSchema):
    """Each operation lists the problems it may answer, so that clients (and schemathesis)
    expect them: any may be refused (406, 429), a detail or a page may not exist (404), and a
    list may get a parameter it refuses (400)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        statuses = [406, 429]
        action = getattr(self.view, "action", None)
        if action in ("list", "retrieve"):
            statuses.append(404)
        if action == "list":  # a filter or a page size it refuses
            statuses.append(400)
        for status in sorted(statuses):
            problem = OpenApiResponse(ProblemSerializer, PROBLEMS[status])
            responses.setdefault(
                str(status),
                self._get_response_for_code(problem, str(status), [problems.CONTENT_TYPE]),
            )
        return responses


class LibraryFilterExtension(DjangoFilterExtension):
    """django-filter's parameters, with what the library's own filters need said: a list of
    slugs (repeat the parameter), a yes/no choice, and the bounds a value must keep."""

    target_class = "api.filters.LibraryFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = self._parameters(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True  # as if left out (LibraryFilterBackend)
        return parameters

    def _parameters(self, auto_schema, model, filterset_class, field_name, filter_field):
        description = str(filter_field.label or field_name) + MORE.get(field_name, "")
        if issubclass(filter_field.field_class, SlugListField):
            return [
                build_parameter_type(
                    name=field_name,
                    location=OpenApiParameter.QUERY,
                    description=f"{description}: slugs; repeat the parameter for any of several.",
                    schema=build_array_type(build_basic_type(OpenApiTypes.STR)),
                    explode=True,
                    style="form",
                )
            ]
        choices = filter_field.extra.get("choices")
        if choices is None and issubclass(filter_field.field_class, YesNoField):
            choices = filter_field.field_class().choices
        if choices and not isinstance(filter_field, filters.MultipleChoiceFilter):
            # One choice: its codes are text, whatever the model field behind them.
            choices = [(value, label) for value, label in choices if value]
            description += "\n\n" + build_choice_description_list(choices)
            return [
                build_parameter_type(
                    name=field_name,
                    location=OpenApiParameter.QUERY,
                    description=description,
                    schema=build_basic_type(OpenApiTypes.STR),
                    enum=[value for value, _ in choices],
                )
            ]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        bounds = {"max_length": "maxLength", "min_value": "minimum", "max_value": "maximum"}
        for parameter in parameters:
            for extra, keyword in bounds.items():
                if filter_field.extra.get(extra) is not None:
                    parameter["schema"][keyword] = filter_field.extra[extra]
        return parameters
