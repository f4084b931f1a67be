from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages by number, as the site's lists: `next`/`previous` in the body and a Link header
    (RFC 8288). A page past the end, or not a number, is a 404 problem; a page size out of
    bounds a 400."""

    page_size_query_param = "page_size"
    page_size_query_description = (
        f"How many results a page holds: 1 to {MAX_PAGE_SIZE} (default 20)."
    )
    page_query_description = "The page number, from 1 (a page past the last one is a 404)."

    def get_page_size(self, request):
        """The page size asked for (empty: the default); outside 1 to MAX_PAGE_SIZE a 400."""
        asked = request.query_params.get(self.page_size_query_param)
        if not asked:
            return self.page_size
        if not asked.isascii() or not asked.isdigit() or not 1 <= int(asked) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(asked)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = self.get_links()
        if links:
            response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)
        return response

    def get_links(self) -> list[tuple[str, str]]:
        """first and prev when there is a page before this one; next and last when one after."""
        url = self.request.build_absolute_uri()
        links = []
        if self.page.has_previous():
            links += [("first", remove_query_param(url, self.page_query_param))]
            links += [("prev", self.get_previous_link())]
        if self.page.has_next():
            last = self.page.paginator.num_pages
            links += [("next", self.get_next_link())]
            links += [("last", replace_query_param(url, self.page_query_param, last))]
        return links

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "next", "previous", "results"]
        descriptions = {
            "count": "How many results there are in all, on every page.",
            "next": "The address of the next page; null on the last one.",
            "previous": "The address of the previous page; null on the first one.",
            "results": "This page's results.",
        }
        for name, description in descriptions.items():
            paginated["properties"][name]["description"] = description
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: {"minimum": 1},
                  self.page_size_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE}}  # fmt: skip
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
            parameter["allowEmptyValue"] = True  # the default page, the default size
        return parameters
