from django import forms


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
