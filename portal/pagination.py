class ForgivingPaginationMixin:
    """Any ?page= gives a page: malformed or below 1 → the first, beyond the end → the last."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            number = int(self.request.GET.get(self.page_kwarg, 1))
        except (TypeError, ValueError):
            number = 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()
