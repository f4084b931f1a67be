"""Requests a hostile visitor might send to any public URL, for hypothesis (tests/security/
test_fuzz.py runs a few hundred; benchmarks/fuzz.py runs many more)."""

from urllib.parse import urlencode

from hypothesis import strategies as st

SLUGS = ["bolton", "building-inspection", "cgs-7-148cc", "rpip", "what-are-shared-services"]
NASTY = [
    "", " ", "\x00", "%00", "'", '"', "<script>alert(1)</script>", "../../etc/passwd",
    "-1", "0", "99999999999999999999", "1e9", "NaN", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ＦＵＬＬ", "a" * 300,
    '" OR 1=1 --', "NEAR(", "*", "-inspection", '"unclosed', "%", "_", "\\", "\r\n",
]  # fmt: skip
values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(SLUGS),
    st.text(max_size=60),
    st.integers(min_value=-10, max_value=10**12).map(str),
)
PARAMETERS = {
    "/agreements/": ["q", "category", "municipality", "kind", "statute", "status", "year_from",
                     "year_to", "has_documents", "sort", "page"],
    "/agreements/export.csv": ["q", "category", "municipality", "kind", "statute", "status",
                               "year_from", "year_to", "has_documents", "sort"],
    "/agreements/export.json": ["q", "category", "municipality", "status", "sort"],
    "/agreements/compare/": ["a", "clear"],
    "/agreements/draft/": ["from"],
    "/partners/": ["service", "town"],
    "/towns/": ["town", "service"],
    "/towns/bolton/services/building-inspection/": [],
    "/region/": ["kind", "members", "sort"],
    "/region/savings/": [],
    "/region/network/": [],
    "/agreements/filters/municipality/": ["find", "category", "municipality", "kind", "q",
                                          "status", "page"],
    "/region/network.svg": [],
    "/region/matrix.csv": ["kind", "members", "sort"],
    "/feeds/agreements/": [],
    "/municipalities/": ["q", "kind", "member", "page"],
    "/municipalities/export.csv": ["q", "kind", "member"],
    "/search/": ["q", "kind", "page"],
    "/statutes/": ["page"],
    "/programs/": [],
    "/services/": [],
    "/": [],
    "/sitemap.xml": [],
    "/robots.txt": [],
    "/health/": [],
    "/api/v1/": [],
    "/api/v1/agreements/": ["q", "category", "municipality", "kind", "statute", "status",
                            "year_from", "year_to", "has_documents", "sort", "page", "page_size"],
    "/api/v1/bodies/": ["q", "kind", "member", "page", "page_size"],
    "/api/v1/categories/": ["page", "page_size"],
    "/api/v1/statutes/": ["page", "page_size"],
    "/api/v1/programs/": ["page", "page_size"],
    "/api/v1/schema/": ["format"],
    "/api/v1/docs/": ["script", "lang"],
}  # fmt: skip
DETAIL_PREFIXES = ["/agreements/", "/municipalities/", "/statutes/", "/programs/", "/services/",
                   "/about/", "/feeds/services/", "/feeds/municipalities/", "/api/v1/agreements/",
                   "/api/v1/bodies/", "/api/v1/categories/", "/api/v1/statutes/",
                   "/api/v1/programs/"]  # fmt: skip


@st.composite
def requests(draw, slugs=(), document_ids=()):
    """(path, query string) of a GET a visitor might send."""
    if slugs and draw(st.integers(0, 5)) == 0:
        # A document of some agreement, or of a draft's, by id: only published ones answer.
        slug = draw(st.sampled_from(slugs))
        known = st.sampled_from(document_ids) if document_ids else st.nothing()
        number = draw(st.one_of(known, st.integers(min_value=0, max_value=50)))
        return f"/agreements/{slug}/documents/{number}/", ""
    if draw(st.booleans()):
        path = draw(st.sampled_from(sorted(PARAMETERS)))
        names = PARAMETERS[path]
        chosen = draw(st.lists(st.sampled_from(names), max_size=4)) if names else []
        params = [(name, draw(values)) for name in chosen]
        params += draw(st.lists(st.tuples(st.text(max_size=10), values), max_size=2))
    else:
        prefix = draw(st.sampled_from(DETAIL_PREFIXES))
        slug = draw(st.one_of(st.sampled_from([*SLUGS, *slugs]), st.text(min_size=1, max_size=40)))
        path = prefix + slug.replace("/", "") + "/"
        params = []
    return path, urlencode(params)
