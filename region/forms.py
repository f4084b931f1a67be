from django import forms

from services.models import ServiceKind


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
        self.fields["town"].choices = [("", "Choose a town")] + [(t.slug, t.name) for t in towns]
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
