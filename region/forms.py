from django import forms
from django.core.exceptions import ValidationError

from services.models import ServiceKind

# Up to this many towns a form offers them as a list; beyond it (a state-wide library) the
# list alone made a page 60 KB and a keyboard user's longest walk, so the town is typed and
# found by its name on the server.
TOWN_LIST_LIMIT = 200


class TownNameField(forms.CharField):
    """A town typed by its name (any case and spacing) or slug, found among `towns`; cleans
    to the town's slug, and shows a slug it is given as the town's name."""

    def __init__(self, *, towns, **kwargs):
        super().__init__(max_length=200, **kwargs)
        self.slugs, self.names = {}, {}
        for town in towns:
            self.names[town.slug] = town.name
            self.slugs[town.slug] = town.slug
            self.slugs.setdefault(town.name.casefold(), town.slug)
        self.widget.attrs.update(autocomplete="address-level2", spellcheck="false")

    def prepare_value(self, value):
        return self.names.get(value, value)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        slug = self.slugs.get(" ".join(value.split()).casefold())
        if slug is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return slug


def town_field(form: forms.Form, towns) -> None:
    """The form's `town` as a list of `towns`, or typed when there are too many to list."""
    field = form.fields["town"]
    if len(towns) <= TOWN_LIST_LIMIT:
        field.choices = [("", "Choose a town")] + [(town.slug, town.name) for town in towns]
        return
    form.fields["town"] = TownNameField(
        towns=towns,
        label=field.label,
        required=field.required,
        error_messages={
            "required": "Type the name of a town.",
            "invalid_choice": "We list no town by that name. Check its spelling.",
        },
    )


class LookupForm(forms.Form):
    """A town and a service, by slug; the choices are the published ones the caller passes."""

    town = forms.ChoiceField(
        label="Town",
        error_messages={
            "required": "Choose a town.",
            "invalid_choice": "We list no town by that name. Choose one from the list.",
        },
    )
    service = forms.ChoiceField(
        label="Service",
        error_messages={
            "required": "Choose a service.",
            "invalid_choice": "We list no service by that name. Choose one from the list.",
        },
    )

    def __init__(self, data=None, *, towns, categories, initial=None):
        super().__init__(data, initial=initial, auto_id="lookup-%s")
        town_field(self, towns)
        self.fields["service"].choices = [("", "Choose a service")] + [
            (c.slug, c.name) for c in categories
        ]


class MatrixForm(forms.Form):
    """The matrix's filters; anything unknown is refused with a message (the view answers 400)."""

    kind = forms.ChoiceField(label="Kind of service", required=False)
    members = forms.BooleanField(label="Member towns of the council only", required=False)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Town, A to Z"), ("-town", "Town, Z to A")],
        error_messages={"invalid_choice": "Choose A to Z or Z to A."},
    )

    def __init__(self, data=None):
        super().__init__(data, auto_id="matrix-%s")
        self.fields["kind"].choices = [("", "All services"), *ServiceKind.choices]
        self.fields["kind"].error_messages["invalid_choice"] = "Choose a kind from the list."
