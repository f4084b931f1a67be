import django_filters
from django.conf import settings

from municipalities.models import BodyKind, PublicBody
from search.filters import SearchFilter

COG = settings.COG_ABBREVIATION


class BodyFilter(django_filters.FilterSet):
    q = SearchFilter(label="Name or place")
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, empty_label="All kinds")
    member = django_filters.ChoiceFilter(
        field_name="is_cog_member",
        label=f"{COG} membership",
        choices=[("yes", f"{COG} members"), ("no", "Not members")],
        empty_label="Members and non-members",
        method="filter_member",
    )

    class Meta:
        model = PublicBody
        fields = ["q", "kind", "member"]

    @property
    def form(self):
        form = super().form
        # Tie each error to its control for screen readers.
        if form.is_bound and not form.is_valid():
            for name in form.errors:
                if name in form.fields:
                    form.fields[name].widget.attrs.update(
                        {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                    )
        return form

    def filter_member(self, queryset, name, value):
        return queryset.filter(is_cog_member=(value == "yes"))
