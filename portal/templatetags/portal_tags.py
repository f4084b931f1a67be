from django import template

from portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render staff Markdown safely; the only way templates show Markdown."""
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (None or '' removes them)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
