from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, kind, extension):
    """The address of a list's export with the page's query (its filters), less the page number.

    No query: the request is all it reads.
    """
    query = context["request"].GET.copy()
    query.pop("page", None)
    url = reverse(f"exports:{kind}", kwargs={"extension": extension})
    return f"{url}?{query.urlencode()}" if query else url
