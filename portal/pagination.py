from django.core.paginator import Paginator
from django.utils.functional import cached_property


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


class BoundedPaginator(Paginator):
    """Pages up to `max_pages` only. A deep page costs the database every row before it (at
    100,000 agreements page 2,500 took half a second), and no one reads that far: filters,
    searches and downloads reach everything. `count` stays exact."""

    max_pages = 100

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_count is not None:  # counted already, e.g. kept at commit: no COUNT query
            self.__dict__["count"] = known_count

    @cached_property
    def all_pages(self) -> int:
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self) -> int:
        return min(self.all_pages, self.max_pages)

    @property
    def bounded(self) -> bool:
        return self.all_pages > self.max_pages
