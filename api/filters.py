from django.http import QueryDict
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class LibraryFilterBackend(DjangoFilterBackend):
    """django-filter's backend, in the order the site's list shows: a FilterSet with
    `sorted_qs()` (the library's AgreementFilter) ranks a search and applies `sort` there.

    An empty value counts as no value, as in the library (which drops it by a redirect); a
    value the FilterSet refuses is a 400 problem naming it (the site's pages ignore it instead).
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filled = QueryDict(mutable=True)
        for name, value in kwargs["data"].lists():
            if any(v.strip() for v in value):
                filled.setlist(name, [v for v in value if v.strip()])
        kwargs["data"] = filled
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.sorted_qs() if hasattr(filterset, "sorted_qs") else filterset.qs
