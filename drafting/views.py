from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from agreements.models import Agreement, Party
from drafting.docx import build_docx
from drafting.forms import DraftForm
from services.models import ServiceCategory

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
NOT_AVAILABLE = "That agreement is not available; the form starts empty."
MAX_SLUG = 250  # Agreement.slug's max_length: a longer ?from= cannot match


@require_http_methods(["GET", "HEAD", "POST"])
def draft(request):
    """The builder: GET shows the form (prefilled with ?from=<agreement slug>); POST previews
    the draft on the page or downloads it, as the pressed button's `action` says."""
    context = {}
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid():
            built = form.draft()
            action = request.POST.get("action")
            if action == "docx":
                return _attachment(build_docx(built), built.filename("docx"), DOCX_TYPE)
            if action == "markdown":
                return _attachment(
                    built.markdown().encode("utf-8"), built.filename("md"), MARKDOWN_TYPE
                )
            context["draft"] = built
    else:
        initial = {}
        slug = request.GET.get("from")
        if slug is not None:
            source = _source_agreement(slug)
            if source is None:
                context["notice"] = NOT_AVAILABLE
            else:
                context["source"] = source
                initial = DraftForm.initial_from(source)
        form = DraftForm(initial=initial)
    response = render(request, "drafting/draft.html", {"form": form, **context})
    if request.method == "POST":
        # The preview (or the form with its errors) shows what was posted: nothing to cache.
        response["Cache-Control"] = "no-store"
    return response


def _source_agreement(slug: str):
    """The published agreement to start from, with what the form takes from it, or None."""
    if not slug or len(slug) > MAX_SLUG:
        return None
    return (
        Agreement.objects.published()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.published()),
            Prefetch("parties", queryset=Party.objects.visible().select_related("body")),
        )
        .first()
    )


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Made from what was posted: nothing to cache.
    response["Cache-Control"] = "no-store"
    return response
