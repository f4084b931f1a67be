"""Head tags every page shares: canonical URL, Open Graph text, schema.org JSON-LD."""

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.safestring import mark_safe

from feeds.structured_data import BUILDERS, script_tag

register = template.Library()


# An error page is nobody's canonical form, and naming its address would echo whatever path a
# stranger asked for (a draft's slug too); a 400 may come from a host we do not serve.
ERROR_TEMPLATES = frozenset({"400.html", "403.html", "404.html", "500.html", "503.html"})


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute address without its query string; '' on error pages."""
    request = context.get("request")
    if request is None or getattr(context.template, "name", None) in ERROR_TEMPLATES:
        return ""
    try:
        return request.build_absolute_uri(request.path)
    except DisallowedHost:
        return ""


@register.simple_tag(takes_context=True)
def json_ld(context, obj):
    """The JSON-LD data block for an agreement, body, statute or program page."""
    return script_tag(BUILDERS[type(obj)](context["request"], obj))


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        # Rendered (so escaped) once already: kept safe to not escape it twice when shown.
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: render once, show many times.

    A page's `{% block title %}` can render only once, yet the head needs its text in <title>
    and og:title; a block inside a capture is still overridden by child templates.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
