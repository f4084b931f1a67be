"""The one path from staff-written Markdown to HTML that is safe to show."""

import html
import re
from urllib.parse import urlsplit

import markdown as md
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["extra", "sane_lists"]
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep URLs only when they are http(s), mailto or relative; drop images from mailto."""
    if attribute not in {"href", "src"}:
        return value
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme and scheme not in ALLOWED_SCHEMES:
        return None
    if attribute == "src" and scheme == "mailto":
        return None
    return value


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def _images_elsewhere_as_links(html: str) -> str:
    """An image stored on another site becomes a link to it: the page loads nothing from other
    hosts (readers are not tracked, and the Content-Security-Policy allows images from here).

    Works on nh3's output, whose attribute values are quoted and escaped already.
    """

    def replace(match):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        src = attributes.get("src", "")
        parts = urlsplit(src.replace("\\", "/"))  # browsers read /\host as //host
        if not (parts.scheme or parts.netloc) and not src.startswith("//"):
            return match.group(0)  # stored here: shown as an image
        label = attributes.get("alt") or "an image"
        return f'<a href="{src}" rel="noopener noreferrer">{label} (image on another site)</a>'

    return _IMG.sub(replace, html)


def render_markdown(text: str | None) -> SafeString:
    """Markdown → HTML → sanitized with an allow-list. Staff's `#` headings become `h2`."""
    if not text:
        return mark_safe("")
    html = md.markdown(str(text), extensions=_EXTENSIONS, output_format="html")
    # The page title is the only h1; demote a staff h1 so headings stay in order.
    html = _H1.sub(r"<\1h2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    return mark_safe(_images_elsewhere_as_links(clean))  # noqa: S308 - sanitized just above


def plain_text(text: str | None) -> str:
    """Staff Markdown as words only (for search and summaries): no link targets, no markup,
    no character references ("&amp;" is "&" again)."""
    return html.unescape(strip_tags(render_markdown(text))) if text else ""
