from django.shortcuts import render

from search.engine import Search
from search.query import MAX_QUERY_LENGTH


def search(request):
    """One search over every kind of published content, grouped by kind with counts."""
    raw = request.GET.get("q", "")
    engine = Search(raw)
    results = engine.site() if engine.query else None
    return render(
        request,
        "search/search.html",
        {
            "query": engine.query,
            "shortened": len(raw.strip()) > MAX_QUERY_LENGTH,
            "results": results,
        },
    )
