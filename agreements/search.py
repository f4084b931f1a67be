"""What of the agreements is searchable (registered with the search app)."""

from django.db.models import Prefetch, Q

from agreements import facets
from agreements.models import Agreement, AgreementDocument, Party
from portal.markdown import plain_text
from search.indexing import MAX_EXTRA_CHARS
from search.registry import Searchable, SearchText, register
from services.models import ServiceCategory
from statutes.models import Statute


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


@register(Agreement)
class AgreementSearch(Searchable):
    kind = "agreement"
    order = 10
    list_url_name = "agreements:list"
    # Party and category names show in every result row: a snippet of them would repeat them.
    snippet_columns = ("summary", "extra")
    # Names an agreement's text shows, and the files whose text it holds.
    related = {
        "parties": None,
        # A body's kind is not text, but the library counts agreements by it (see `indexed`).
        "bodies": {"name", "kind", "publication"},
        "categories": {"name", "publication"},
        "statutes": {"citation", "title", "publication"},
        "documents": None,
    }

    def index_queryset(self):
        # Only published names: an agreement must not be found through a draft body or category.
        return Agreement._base_manager.prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.published().only("name")),
            Prefetch("statutes", queryset=Statute.objects.published().only("citation", "title")),
            Prefetch("parties", queryset=Party.objects.visible().select_related("body")),
            Prefetch(
                "documents",
                queryset=AgreementDocument.objects.exclude(text="").only(
                    "agreement_id", "title", "text"
                ),
            ),
        )

    def text(self, agreement):
        rest = [party.body.name for party in agreement.parties.all()]
        rest += [category.name for category in agreement.categories.all()]
        rest += [f"{statute.citation} {statute.title}" for statute in agreement.statutes.all()]
        rest += [agreement.governance_detail, agreement.cost_sharing, agreement.legal_basis]
        documents = list(agreement.documents.all())
        # Each file gets its share of what the index keeps, so a long one cannot crowd out
        # the others.
        share = MAX_EXTRA_CHARS // max(len(documents), 1)
        files = [f"{document.title}\n{document.text[:share]}" for document in documents]
        return SearchText(
            agreement.title, plain_text(agreement.summary), _join(*rest), "\n\n".join(files)
        )

    def extra_titles(self, words_by_id):
        """The first document (in the page's order) of each agreement holding a found word."""
        condition = Q()
        for agreement_id, words in words_by_id.items():
            for word in words:
                condition |= Q(agreement_id=agreement_id, text__icontains=word)
        if not condition:
            return {}
        titles = {}
        documents = AgreementDocument.objects.filter(condition).order_by("kind", "title")
        for agreement_id, title in documents.values_list("agreement_id", "title"):
            titles.setdefault(agreement_id, title)
        return titles

    def indexed(self, ids):
        facets.refresh(ids)

    def before_rebuild(self):
        """`rebuild_search_index` reads every uploaded file's text again, and stores every
        agreement's facet values again from nothing (counted at the end, see `rebuilding`)."""
        facets.clear()
        for document in AgreementDocument.objects.iterator(chunk_size=100):
            document.extract_text()
            # update(): no signals, so the agreements are not queued again behind the rebuild.
            AgreementDocument.objects.filter(pk=document.pk).update(
                text=document.text, text_status=document.text_status
            )

    def rebuilding(self):
        return facets.bulk()

    def results_queryset(self):
        return Agreement.objects.published().for_listing()
