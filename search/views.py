from django.shortcuts import render

from search.engine import Search
from search.query import MAX_QUERY_LENGTH
from search.registry import site

PER_PAGE = 20
MAX_PAGE = 500


def search(request):
    """One search over every kind of published content, grouped by kind with counts; with
    ?kind=, every result of that kind, a page at a time."""
    raw = request.GET.get("q", "")
    kind = request.GET.get("kind") or None
    if kind not in site:
        kind = None  # an unknown kind shows every kind rather than an error
    page = request.GET.get("page", "1")
    page = min(int(page), MAX_PAGE) if page.isdigit() and int(page) > 0 else 1
    engine = Search(raw)
    results = engine.site(PER_PAGE, kind=kind, page=page) if engine.query else None
    return render(
        request,
        "search/search.html",
        {
            "query": engine.query,
            "shortened": len(raw.strip()) > MAX_QUERY_LENGTH,
            "results": results,
            "kind": kind,
        },
    )
