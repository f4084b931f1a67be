"""Site search: content apps say what is searchable in their own `search.py` (see registry)."""
