"""portal.markdown.render_markdown: the one path from staff Markdown to HTML, under attack."""

import re

import pytest
from django.template import engines
from django.utils.safestring import SafeString

from portal.markdown import render_markdown


def _hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


def _srcs(html):
    return re.findall(r'src="([^"]*)"', html)


def test_script_element_and_its_content_are_removed():
    html = render_markdown("Before <script>alert('owned')</script> after")

    assert "<script" not in html
    assert "alert" not in html
    assert "Before" in html and "after" in html


def test_style_element_and_its_content_are_removed():
    html = render_markdown("<style>body { display: none }</style>\n\nText")

    assert "<style" not in html
    assert "display" not in html
    assert "Text" in html


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="x.png" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        '<p onmouseover="alert(1)">x</p>',
        "<img src=x onerror=alert(1)//>",
    ],
)
def test_event_handler_attributes_are_removed(hostile):
    html = render_markdown(hostile)

    assert "alert" not in html
    assert not re.search(r"\bon\w+\s*=", html)


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](jAvAsCrIpT:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="&#x6A;avascript:alert(1)">click</a>',
        '<a href="java&#x09;script:alert(1)">click</a>',
        '<a href="java&#10;script:alert(1)">click</a>',
        '<a href="\x01javascript:alert(1)">click</a>',
        '<a href="vbscript:msgbox(1)">click</a>',
    ],
)
def test_script_urls_in_links_are_dropped(markdown):
    html = render_markdown(markdown)

    assert "click" in html
    assert _hrefs(html) == []
    assert "script:" not in html.lower()


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">click</a>',
        '<a href="DaTa:text/html,x">click</a>',
    ],
)
def test_data_urls_in_links_are_dropped(markdown):
    html = render_markdown(markdown)

    assert "click" in html
    assert _hrefs(html) == []


@pytest.mark.parametrize(
    "markdown",
    [
        "![pixel](data:image/png;base64,iVBORw0KGgo=)",
        '<img src="DATA:image/svg+xml;base64,PHN2Zz4=">',
        "![pixel](javascript:alert(1))",
        '<img src="jAvAsCrIpT:alert(1)">',
        '<img src="jav&#x0D;ascript:alert(1)">',
        "![pixel](mailto:someone@example.org)",
    ],
)
def test_unsafe_image_sources_are_dropped(markdown):
    html = render_markdown(markdown)

    assert "<img" in html
    assert _srcs(html) == []


@pytest.mark.parametrize(
    "markdown",
    [
        '<iframe src="https://evil.example.org/"></iframe>After',
        '<object data="movie.swf"></object>After',
        '<embed src="movie.swf">After',
        '<form action="/steal"><input name="password"></form>After',
        '<svg onload="alert(1)"><circle r="1"/></svg>After',
    ],
)
def test_embedding_and_form_elements_are_removed(markdown):
    html = render_markdown(markdown)

    for tag in ("<iframe", "<object", "<embed", "<form", "<input", "<svg"):
        assert tag not in html
    assert "evil.example.org" not in html
    assert "After" in html


def test_style_class_and_id_attributes_are_removed():
    html = render_markdown('<p style="position:fixed" class="x" id="y">Styled</p>')

    assert "Styled" in html
    assert "style=" not in html
    assert "class=" not in html
    assert "id=" not in html


def test_html_comments_are_removed():
    assert "<!--" not in render_markdown("<!-- hidden --> Visible")


@pytest.mark.parametrize(
    "href",
    ["https://example.org/page", "http://example.org/", "mailto:staff@crcog.org", "/agreements/"],
)
def test_safe_link_targets_survive(href):
    html = render_markdown(f"[link]({href})")

    assert _hrefs(html) == [href]


def test_links_get_noopener_noreferrer():
    html = render_markdown("[link](https://example.org/)")

    assert 'rel="noopener noreferrer"' in html


def test_an_image_stored_here_survives_with_alt_text():
    html = render_markdown("![Town hall](/media/markdownx/hall.jpg)")

    assert _srcs(html) == ["/media/markdownx/hall.jpg"]
    assert 'alt="Town hall"' in html


@pytest.mark.parametrize(
    "src",
    [
        "https://example.org/hall.jpg",
        "http://example.org/hall.jpg",
        "//example.org/h.jpg",
        "/\\example.org/h.jpg",
    ],
)
def test_an_image_on_another_site_becomes_a_link_to_it(src):
    html = render_markdown(f'![Town hall "east" & west]({src})')

    assert "<img" not in html
    assert f'<a href="{src}" rel="noopener noreferrer">' in html
    assert "Town hall &quot;east&quot; &amp; west (image on another site)</a>" in html


def test_emphasis_survives():
    html = render_markdown("*shared* and **regional**")

    assert "<em>shared</em>" in html
    assert "<strong>regional</strong>" in html


def test_lists_survive():
    html = render_markdown("- Bolton\n- Andover\n\n1. First\n2. Second")

    assert "<ul>" in html and "<li>Bolton</li>" in html
    assert "<ol>" in html and "<li>Second</li>" in html


def test_tables_survive():
    html = render_markdown("| Town | Role |\n|---|---|\n| Bolton | Lead |")

    assert "<table>" in html
    assert "<th>Town</th>" in html
    assert "<td>Bolton</td>" in html


def test_level_one_heading_becomes_level_two():
    html = render_markdown("# Overview")

    assert "<h1" not in html
    assert "<h2>Overview</h2>" in html


def test_lower_headings_keep_their_level():
    html = render_markdown("## Section\n\n### Subsection")

    assert "<h2>Section</h2>" in html
    assert "<h3>Subsection</h3>" in html


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_input_renders_nothing(empty):
    assert render_markdown(empty) == ""


def test_output_is_marked_safe_for_templates():
    assert isinstance(render_markdown("*x*"), SafeString)


def test_markdown_template_filter_renders_and_sanitizes():
    template = engines["django"].from_string("{{ text|markdown }}")

    html = template.render({"text": "**Shared** <script>alert(1)</script>"})

    assert "<strong>Shared</strong>" in html
    assert "<script" not in html and "alert" not in html


def test_markdown_template_filter_does_not_escape_its_html_twice():
    template = engines["django"].from_string("{{ text|markdown }}")

    html = template.render({"text": "[CRCOG](https://crcog.org/)"})

    assert '<a href="https://crcog.org/"' in html
    assert "&lt;a" not in html


def test_a_level_one_heading_with_attributes_is_kept_as_a_level_two_heading():
    html = str(render_markdown("# Title {: #intro }"))
    assert html.startswith("<h2>") and "Title" in html and "<h1" not in html
