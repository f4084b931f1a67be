from django import forms

from region.forms import town_field


class FinderForm(forms.Form):
    """Service and town, by slug; the choices are the published ones the view passes in."""

    service = forms.ChoiceField(
        label="Service",
        required=False,
        error_messages={"invalid_choice": "We list no service by that name. Choose one below."},
    )
    town = forms.ChoiceField(
        label="Your town",
        required=False,
        error_messages={"invalid_choice": "We list no town by that name. Choose one below."},
    )

    def __init__(self, data, *, categories, towns):
        super().__init__(data)
        self.fields["service"].choices = [("", "Choose a service")] + [
            (category.slug, category.name) for category in categories
        ]
        town_field(self, towns)
